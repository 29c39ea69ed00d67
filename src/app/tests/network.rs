//! The interfaces and prefix lists load after the inventory: `ip:` looks through them as they
//! arrive, the details show them, and a failed load is said while the rest works on.

use super::*;
use crate::model::{
    GroupRef, NetworkInterface, PrefixList, PrefixListEntry, PrefixListWithEntries,
};

fn eni(id: &str, group: &str, private: &str) -> NetworkInterface {
    NetworkInterface {
        description: format!("{id} server"),
        public_ips: vec!["203.0.113.9".parse().unwrap()],
        attachment: Some("i-0123456789abcdef0".into()),
        status: Some("in-use".into()),
        ..NetworkInterface::sample(id, &[group], private)
    }
}

fn offices() -> PrefixListWithEntries {
    PrefixListWithEntries {
        list: PrefixList {
            id: "pl-1".into(),
            name: "offices".into(),
            address_family: Some("IPv4".into()),
            max_entries: Some(5),
            owner_id: Some("123456789012".into()),
        },
        entries: vec![PrefixListEntry {
            cidr: "198.51.100.64/26".parse().unwrap(),
            description: Some("Lisbon".into()),
        }],
    }
}

/// The two groups of [`loaded`], with app (sg-1) admitting web (sg-2) on 5432 and the prefix
/// list pl-1 on 8443, and the effects its last page asked for.
fn with_peers() -> (App, Vec<Effect>) {
    let (mut app, _) = App::new(settings());
    let generation = 1;
    let result = Ok(Default::default());
    update(&mut app, Action::Connected { generation, result });
    let groups = vec![group("sg-1", "app", "vpc-1"), group("sg-2", "web", "vpc-1")];
    let result = page(groups);
    update(&mut app, Action::GroupsPage { generation, result });
    let mut from_web = rule("sgr-1", "sg-1", Direction::Inbound, 5432);
    from_web.peer = Peer::Group(GroupRef {
        group_id: "sg-2".into(),
        user_id: None,
        vpc_id: None,
        peering_status: None,
    });
    let mut from_offices = rule("sgr-2", "sg-1", Direction::Inbound, 8443);
    from_offices.peer = Peer::PrefixList("pl-1".into());
    let result = page(vec![from_web, from_offices]);
    let effects = update(&mut app, Action::RulesPage { generation, result });
    (app, effects)
}

fn interfaces(app: &mut App, items: Vec<NetworkInterface>, last: bool) {
    let next_token = (!last).then(|| "more".to_string());
    let result = Ok(Page { items, next_token });
    update(
        app,
        Action::InterfacesPage {
            generation: app.session.load.generation,
            result,
        },
    );
}

fn lists(app: &mut App, result: Result<Vec<PrefixListWithEntries>, ApiError>) {
    update(
        app,
        Action::PrefixLists {
            generation: app.session.load.generation,
            result,
        },
    );
}

fn shown(app: &App) -> Vec<String> {
    app.visible_groups().map(|g| g.name.clone()).collect()
}

/// The `via` of each row of the selected group's inbound pane, in order.
fn vias(app: &App) -> Vec<Option<String>> {
    app.browse
        .rows(Direction::Inbound)
        .iter()
        .map(|r| {
            r.hit
                .as_ref()
                .and_then(|h| h.via.as_ref())
                .map(|v| v.to_string())
        })
        .collect()
}

#[test]
fn the_inventory_once_in_asks_for_the_interfaces_and_the_prefix_lists_its_rules_use() {
    let (app, effects) = with_peers();
    assert_eq!(
        effects,
        [
            Effect::LoadNetwork {
                generation: 1,
                prefix_lists: vec!["pl-1".into()],
                vpcs: vec!["vpc-1".into()],
            },
            Effect::ComputeSignals {
                version: 1,
                inventory: app.session.inventory.clone(),
                policy: Default::default(),
                interfaces_known: false,
            }
        ]
    );
    assert!(app.session.load.network_loading());
    assert!(app.waits_on_io(), "the spinner runs while they load");
}

#[test]
fn ip_looks_through_a_group_as_its_interfaces_arrive() {
    let (mut app, _) = with_peers();
    filter_with(&mut app, "ip:10.0.0.5 port:5432");
    press(&mut app, Command::Submit);
    assert!(shown(&app).is_empty(), "no interface is known yet");
    assert!(app.session.load.network_pending());

    interfaces(&mut app, vec![eni("eni-1", "sg-2", "10.0.0.4")], false);
    assert!(shown(&app).is_empty());
    interfaces(&mut app, vec![eni("eni-2", "sg-2", "10.0.0.5")], true);
    assert_eq!(shown(&app), ["app"]);
    assert_eq!(vias(&app), [Some("via eni-2 in sg-2".to_string()), None]);
    assert!(
        app.session.load.network_loading(),
        "the prefix lists are still loading"
    );
    lists(&mut app, Ok(vec![offices()]));
    assert!(!app.session.load.addresses_pending());
    assert!(
        app.session.load.network_pending(),
        "the stale groups are still loading"
    );
    settle_signals(&mut app);
    let result = Ok(vec![]);
    let effects = update(
        &mut app,
        Action::StaleGroups {
            generation: 1,
            result,
        },
    );
    assert!(!app.session.load.network_pending());
    let [Effect::ComputeSignals { version, .. }] = effects[..] else {
        panic!("{effects:?}")
    };
    assert!(app.waits_on_io(), "the signals are being computed");
    let result = Ok(Default::default());
    update(&mut app, Action::SignalsComputed { version, result });
    assert!(!app.waits_on_io());
}

#[test]
fn ip_looks_through_a_prefix_lists_entries() {
    let (mut app, _) = with_peers();
    filter_with(&mut app, "ip:198.51.100.77");
    assert!(shown(&app).is_empty());
    lists(&mut app, Ok(vec![offices()]));
    assert_eq!(shown(&app), ["app"]);
    assert_eq!(
        vias(&app),
        [None, Some("via pl-1 entry 198.51.100.64/26".to_string())]
    );
    assert_eq!(app.browse.matching_rules, 1);
}

#[test]
fn a_failed_load_is_said_and_the_rest_works_on() {
    let (mut app, _) = with_peers();
    let denied = ApiError::new(
        codes::UNAUTHORIZED,
        "not allowed: ec2:DescribeNetworkInterfaces",
    );
    interfaces(&mut app, vec![eni("eni-1", "sg-2", "10.0.0.4")], false);
    let result = Err(denied);
    update(
        &mut app,
        Action::InterfacesPage {
            generation: 1,
            result,
        },
    );
    assert!(
        message(&app).contains("Network interfaces could not be loaded"),
        "{}",
        message(&app)
    );
    assert!(message(&app).contains("ec2:DescribeNetworkInterfaces"));
    assert_eq!(app.session.message.as_ref().unwrap().level, Level::Warn);
    assert!(app.session.load.network_failed());
    // A later page of the failed stream is dropped; the prefix lists still load and work.
    interfaces(&mut app, vec![eni("eni-2", "sg-2", "10.0.0.5")], true);
    assert_eq!(app.session.inventory.network().interface_count(), 1);
    lists(&mut app, Ok(vec![offices()]));
    filter_with(&mut app, "ip:198.51.100.77");
    assert_eq!(shown(&app), ["app"]);
}

#[test]
fn a_refresh_keeps_the_old_interfaces_until_the_new_listing_is_complete() {
    let (mut app, _) = with_peers();
    interfaces(&mut app, vec![eni("eni-1", "sg-2", "10.0.0.5")], true);
    lists(&mut app, Ok(vec![offices()]));
    filter_with(&mut app, "ip:10.0.0.5");
    press(&mut app, Command::Submit);
    assert_eq!(shown(&app), ["app"]);

    settle_signals(&mut app);
    press(&mut app, Command::Refresh);
    let generation = app.session.load.generation;
    assert_eq!(generation, 2);
    update(
        &mut app,
        Action::Connected {
            generation,
            result: Ok(Default::default()),
        },
    );
    let groups = vec![group("sg-1", "app", "vpc-1"), group("sg-2", "web", "vpc-1")];
    update(
        &mut app,
        Action::GroupsPage {
            generation,
            result: page(groups),
        },
    );
    let rules = app.session.inventory.rules_of("sg-1").inbound.clone();
    let effects = update(
        &mut app,
        Action::RulesPage {
            generation,
            result: page(rules),
        },
    );
    assert!(matches!(
        effects[..],
        [
            Effect::LoadNetwork { generation: 2, .. },
            Effect::ComputeSignals { .. }
        ]
    ));
    assert_eq!(shown(&app), ["app"], "the old interfaces stay meanwhile");

    // The address moved to another interface in another group.
    interfaces(&mut app, vec![eni("eni-7", "sg-1", "10.0.0.5")], false);
    assert_eq!(
        vias(&app)[0].as_deref(),
        Some("via eni-1 in sg-2"),
        "not yet swapped"
    );
    interfaces(&mut app, vec![], true);
    assert!(
        shown(&app).is_empty(),
        "eni-1 is gone; eni-7 is in sg-1, which no rule names"
    );
    // An answer to the first load's network arrives late and is dropped.
    let late = Ok(Page {
        items: vec![eni("eni-1", "sg-2", "10.0.0.5")],
        next_token: None,
    });
    update(
        &mut app,
        Action::InterfacesPage {
            generation: 1,
            result: late,
        },
    );
    assert!(shown(&app).is_empty());
}

#[test]
fn details_show_a_groups_interfaces_and_a_prefix_lists_entries() {
    let (mut app, _) = with_peers();
    interfaces(&mut app, vec![eni("eni-1", "sg-2", "10.0.0.5")], true);
    lists(&mut app, Ok(vec![offices()]));
    press(&mut app, Command::Down);
    assert_eq!(app.selected_group().unwrap().name, "web");
    press(&mut app, Command::OpenDetails);
    let Mode::Details(details) = &app.mode else {
        panic!("details")
    };
    let section = |title: &str| {
        details
            .sections
            .iter()
            .find(|s| s.title.starts_with(title))
            .unwrap_or_else(|| panic!("{title}: {:?}", details.sections))
    };
    let web = section("Network interfaces in this group");
    assert_eq!(web.title, "Network interfaces in this group (1)");
    let expected = [
        ("eni-1", "interface · attached to i-0123456789abcdef0"),
        ("  addresses", "10.0.0.5 public 203.0.113.9"),
        ("  description", "eni-1 server"),
    ];
    assert_eq!(
        web.lines,
        expected.map(|(l, v)| (l.to_string(), v.to_string()))
    );

    press(&mut app, Command::Close);
    press(&mut app, Command::Up);
    press(&mut app, Command::NextPane);
    press(&mut app, Command::Last);
    press(&mut app, Command::OpenDetails);
    let Mode::Details(details) = &app.mode else {
        panic!("details")
    };
    let list = details
        .sections
        .iter()
        .find(|s| s.title == "Prefix list pl-1")
        .unwrap();
    assert_eq!(
        list.lines,
        [
            ("name".to_string(), "offices".to_string()),
            ("owner".to_string(), "123456789012".to_string()),
            ("max entries".to_string(), "5".to_string()),
            ("entry 198.51.100.64/26".to_string(), "Lisbon".to_string()),
        ]
    );
}
