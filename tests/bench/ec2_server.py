#!/usr/bin/env python3
"""A local server of EC2-shaped answers for benchmarks: DescribeSecurityGroups,
DescribeSecurityGroupRules and DescribeNetworkInterfaces for N groups of R rules, paginated by
NextToken and MaxResults as EC2 does (1000 a page when MaxResults is not sent); and, small, the
prefix lists the rules name with their entries, and no stale references. Every other action
answers EC2's error for an unknown one. Standard library only.

    python3 ec2_server.py --groups 10000 --rules 16 [--interfaces 2] [--port 0]

prints "listening on http://127.0.0.1:PORT" once the answers are ready, then serves until
killed. The pages are rendered once at start, so that serving them costs only the bytes.
"""

import argparse
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
PORTS = [22, 80, 443, 5432, 6379, 8080, 3306, 9200]
OWNER = "123456789012"


def group_id(i):
    return "sg-%017x" % i


def rule(i, j, rules):
    """Group i's rule j: (egress, protocol, from, to, peer element, description)."""
    n = i * rules + j
    kind = j % 5
    port = PORTS[j % 8]
    if kind == 0:
        peer = ("cidrIpv4", "10.%d.%d.0/24" % (n % 250, j % 250))
    elif kind == 1:
        peer = ("cidrIpv4", "0.0.0.0/0")
    elif kind == 2:
        peer = ("referencedGroupInfo", group_id((i + j) % GROUPS))
    elif kind == 3:
        peer = ("prefixListId", "pl-%08x" % j)
    else:
        peer = ("cidrIpv6", "2001:db8:%x::/48" % (n % 65000))
    egress = j >= rules * 3 // 4
    protocol, low, high = ("-1", -1, -1) if j == rules - 1 else ("tcp", port, port)
    return n, egress, protocol, low, high, peer, "rule %d of service %d" % (j, i)


def permission(protocol, low, high, peer):
    ports = "" if protocol == "-1" else "<fromPort>%d</fromPort><toPort>%d</toPort>" % (low, high)
    key, value = peer
    if key == "cidrIpv4":
        peers = "<ipRanges><item><cidrIp>%s</cidrIp></item></ipRanges>" % value
    elif key == "cidrIpv6":
        peers = "<ipv6Ranges><item><cidrIpv6>%s</cidrIpv6></item></ipv6Ranges>" % value
    elif key == "prefixListId":
        peers = "<prefixListIds><item><prefixListId>%s</prefixListId></item></prefixListIds>" % value
    else:
        peers = "<groups><item><groupId>%s</groupId><userId>%s</userId></item></groups>" % (
            value,
            OWNER,
        )
    return "<item><ipProtocol>%s</ipProtocol>%s%s</item>" % (protocol, ports, peers)


def group_item(i, rules):
    inbound, outbound = [], []
    for j in range(rules):
        _, egress, protocol, low, high, peer, _ = rule(i, j, rules)
        (outbound if egress else inbound).append(permission(protocol, low, high, peer))
    return (
        "<item><ownerId>%s</ownerId><groupId>%s</groupId><groupName>service-%d</groupName>"
        "<groupDescription>Tier %d of product %d</groupDescription><vpcId>vpc-%08x</vpcId>"
        "<ipPermissions>%s</ipPermissions><ipPermissionsEgress>%s</ipPermissionsEgress>"
        "<tagSet><item><key>Name</key><value>svc-%d</value></item>"
        "<item><key>env</key><value>prod</value></item></tagSet></item>"
        % (OWNER, group_id(i), i, i % 7, i % 113, i % 50, "".join(inbound), "".join(outbound), i)
    )


def rule_item(i, j, rules):
    n, egress, protocol, low, high, (key, value), description = rule(i, j, rules)
    peer = (
        "<referencedGroupInfo><groupId>%s</groupId><userId>%s</userId></referencedGroupInfo>"
        % (value, OWNER)
        if key == "referencedGroupInfo"
        else "<%s>%s</%s>" % (key, value, key)
    )
    return (
        "<item><securityGroupRuleId>sgr-%017x</securityGroupRuleId><groupId>%s</groupId>"
        "<groupOwnerId>%s</groupOwnerId><isEgress>%s</isEgress><ipProtocol>%s</ipProtocol>"
        "<fromPort>%d</fromPort><toPort>%d</toPort>%s<description>%s</description>"
        "<tagSet/></item>"
        % (n, group_id(i), OWNER, "true" if egress else "false", protocol, low, high, peer,
           description)
    )


def interface_item(i, k, per_group):
    n = i * per_group + k
    a, b = n % 250, (n // 250) % 250
    return (
        "<item><networkInterfaceId>eni-%017x</networkInterfaceId>"
        "<subnetId>subnet-%08x</subnetId><vpcId>vpc-%08x</vpcId>"
        "<description>service %d host %d</description><ownerId>%s</ownerId>"
        "<status>in-use</status><interfaceType>interface</interfaceType>"
        "<privateIpAddress>10.%d.%d.%d</privateIpAddress>"
        "<groupSet><item><groupId>%s</groupId><groupName>service-%d</groupName></item></groupSet>"
        "<attachment><instanceId>i-%017x</instanceId><status>attached</status></attachment>"
        "<privateIpAddressesSet><item><privateIpAddress>10.%d.%d.%d</privateIpAddress>"
        "<primary>true</primary></item></privateIpAddressesSet>"
        "<ipv6AddressesSet><item><ipv6Address>2001:db8:%x::%x</ipv6Address></item>"
        "</ipv6AddressesSet></item>"
        % (n, i % 200, i % 50, i, k, OWNER, a, b, 10 + k, group_id(i), i, n, a, b, 10 + k,
           n % 65000, k)
    )


# Action: (response element, list element, items)
LISTS = {}


def page(action, token, size):
    response, element, items = LISTS[action]
    start = int(token) if token else 0
    end = min(start + size, len(items))
    next_token = "<nextToken>%d</nextToken>" % end if end < len(items) else ""
    body = '<%s xmlns="%s"><requestId>bench</requestId><%s>%s</%s>%s</%s>' % (
        response, NS, element, "".join(items[start:end]), element, next_token, response)
    return body.encode()


def prefix_lists(form):
    """The prefix lists the filter names (the rules name a few), each with one entry."""
    ids = [v[0] for k, v in sorted(form.items()) if k.startswith("Filter.") and ".Value." in k]
    items = "".join(
        "<item><prefixListId>%s</prefixListId><addressFamily>IPv4</addressFamily>"
        "<state>create-complete</state><prefixListName>office-%s</prefixListName>"
        "<maxEntries>10</maxEntries><version>1</version><ownerId>%s</ownerId></item>"
        % (pl, pl[3:], OWNER)
        for pl in ids
    )
    return (
        '<DescribeManagedPrefixListsResponse xmlns="%s"><requestId>bench</requestId>'
        "<prefixListSet>%s</prefixListSet></DescribeManagedPrefixListsResponse>" % (NS, items)
    )


def prefix_list_entries(form):
    pl = form.get("PrefixListId", ["pl-0"])[0]
    return (
        '<GetManagedPrefixListEntriesResponse xmlns="%s"><requestId>bench</requestId>'
        "<entrySet><item><cidr>192.0.2.%d/32</cidr><description>office %s</description></item>"
        "</entrySet></GetManagedPrefixListEntriesResponse>" % (NS, int(pl[3:], 16) % 250, pl)
    )


def stale_groups(form):
    """No stale references in any VPC."""
    return (
        '<DescribeStaleSecurityGroupsResponse xmlns="%s"><requestId>bench</requestId>'
        "<staleSecurityGroupSet/></DescribeStaleSecurityGroupsResponse>" % NS
    )


# The calls sgtui makes after its load, answered small and whole.
SMALL = {
    "DescribeManagedPrefixLists": prefix_lists,
    "GetManagedPrefixListEntries": prefix_list_entries,
    "DescribeStaleSecurityGroups": stale_groups,
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cache = {}

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        action = form.get("Action", [""])[0]
        small = SMALL.get(action)
        if small is not None:
            return self.answer(200, small(form).encode())
        if action not in LISTS:
            body = (
                "<Response><Errors><Error><Code>InvalidAction</Code><Message>%s is not "
                "served here</Message></Error></Errors><RequestID>bench</RequestID></Response>"
                % action
            ).encode()
            return self.answer(400, body)
        token = form.get("NextToken", [""])[0]
        size = int(form.get("MaxResults", ["1000"])[0])
        key = (action, token, size)
        body = Handler.cache.get(key)
        if body is None:
            body = Handler.cache[key] = page(action, token, size)
        self.answer(200, body)

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/xml;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that quits with calls still open (the TUI, once timed) resets them.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    global GROUPS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10000)
    parser.add_argument("--rules", type=int, default=16, help="rules per group")
    parser.add_argument("--interfaces", type=int, default=2, help="interfaces per group")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    GROUPS = args.groups
    LISTS["DescribeSecurityGroups"] = (
        "DescribeSecurityGroupsResponse", "securityGroupInfo",
        [group_item(i, args.rules) for i in range(args.groups)])
    LISTS["DescribeSecurityGroupRules"] = (
        "DescribeSecurityGroupRulesResponse", "securityGroupRuleSet",
        [rule_item(i, j, args.rules) for i in range(args.groups) for j in range(args.rules)])
    LISTS["DescribeNetworkInterfaces"] = (
        "DescribeNetworkInterfacesResponse", "networkInterfaceSet",
        [interface_item(i, k, args.interfaces) for i in range(args.groups)
         for k in range(args.interfaces)])
    # Render the default pages of the two listings now, so that the first fetch is not slower.
    for action in ("DescribeSecurityGroups", "DescribeSecurityGroupRules"):
        token = ""
        while True:
            body = Handler.cache[(action, token, 1000)] = page(action, token, 1000)
            marker = b"<nextToken>"
            if marker not in body:
                break
            token = body.split(marker)[1].split(b"<")[0].decode()
    server = Server(("127.0.0.1", args.port), Handler)
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


GROUPS = 0

if __name__ == "__main__":
    sys.exit(main())
