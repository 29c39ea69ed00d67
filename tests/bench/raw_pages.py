#!/usr/bin/env python3
"""The floor of a load: every page of DescribeSecurityGroups and DescribeSecurityGroupRules
from an EC2-shaped endpoint, both listings at once, 1000 items a page, each over one kept-alive
connection, nothing decoded but the next token. Prints the seconds and the bytes.

    python3 raw_pages.py http://127.0.0.1:PORT
"""

import http.client
import re
import sys
import threading
import time
import urllib.parse

TOKEN = re.compile(rb"<nextToken>([^<]*)</nextToken>")


def listing(endpoint, action, totals):
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    token, size = "", 0
    while True:
        form = {"Action": action, "Version": "2016-11-15", "MaxResults": "1000"}
        if token:
            form["NextToken"] = token
        body = urllib.parse.urlencode(form)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", "/", body, headers)
        page = connection.getresponse().read()
        size += len(page)
        found = TOKEN.search(page, max(0, len(page) - 300))
        if not found:
            break
        token = found.group(1).decode()
    totals[action] = size


def main():
    endpoint = sys.argv[1]
    totals = {}
    start = time.perf_counter()
    threads = [
        threading.Thread(target=listing, args=(endpoint, action, totals))
        for action in ("DescribeSecurityGroups", "DescribeSecurityGroupRules")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%.2f %d" % (time.perf_counter() - start, sum(totals.values())))


if __name__ == "__main__":
    main()
