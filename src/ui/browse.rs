//! The browse screen: groups on top, the selected group's inbound and outbound rules below.
//! Every table is windowed here: only the visible rows are built.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::Style,
    text::{Line, Span},
    widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState},
};

use super::columns::{GroupColumns, RuleColumns};
use super::{signals, spinner, theme};
use crate::analysis::Hit;
use crate::app::{App, ListCursor, Mode, Pane, Progress, SortKey};
use crate::inventory::Inventory;
use crate::model::scope::region_of;
use crate::model::{Direction, Rule};
use crate::present;
use crate::present::inert;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [groups, inbound, outbound] = Layout::vertical([
        Constraint::Percentage(40),
        Constraint::Percentage(30),
        Constraint::Percentage(30),
    ])
    .areas(area);
    render_groups(app, frame, groups);
    render_rules(app, frame, inbound, Direction::Inbound);
    render_rules(app, frame, outbound, Direction::Outbound);
}

fn pane_block(title: Line<'static>, focused: bool) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(title)
}

/// A table of which only the visible window of rows is ever built.
struct Window<'a, 'c> {
    block: Block<'a>,
    header: Row<'a>,
    widths: &'c [Constraint],
    cursor: &'c ListCursor,
    len: usize,
    focused: bool,
}

impl<'a> Window<'a, '_> {
    fn render(self, frame: &mut Frame, area: Rect, row: impl Fn(usize) -> Row<'a>) {
        let inner_height = self.block.inner(area).height.saturating_sub(1) as usize;
        let offset = self.cursor.scroll_into_view(inner_height, self.len);
        let end = (offset + inner_height).min(self.len);
        let rows: Vec<Row> = (offset..end).map(row).collect();
        let table = Table::new(rows, self.widths.to_vec())
            .header(self.header.style(theme::header()))
            .block(self.block)
            .column_spacing(1)
            .row_highlight_style(theme::selected(self.focused));
        let mut state = TableState::default();
        if self.len > 0 {
            state.select(Some(self.cursor.selected - offset));
        }
        frame.render_stateful_widget(table, area, &mut state);
    }
}

fn progress_text(what: &str, progress: &Progress, app: &App) -> Option<String> {
    match progress {
        Progress::Loading { pages, .. } => Some(format!(
            "{} loading {what}, page {}",
            spinner(app),
            pages + 1
        )),
        Progress::Failed(_) => Some(format!("{what}: load failed")),
        Progress::Done { .. } => None,
    }
}

fn render_groups(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.browse.focus == Pane::Groups;
    let total = app.session.inventory.groups().len();
    let shown = app.visible_group_count();
    let filter = &app.browse.filter;
    let mut title = vec![Span::raw(if filter.is_empty() {
        format!(" Security groups ({total}) ")
    } else {
        format!(" Security groups ({shown} of {total}) ")
    })];
    if matches!(app.mode, Mode::Filter(_)) {
        title.push(Span::styled(
            format!("/{}█ ", inert(filter)),
            theme::marked(),
        ));
    } else if !filter.is_empty() {
        title.push(Span::styled(
            format!("filter \"{}\" (Esc clears) ", inert(filter)),
            theme::marked(),
        ));
    }
    if app.browse.sort != SortKey::Name {
        let text = format!("sorted by {} (s) ", app.browse.sort.label());
        title.push(Span::styled(text, theme::dim()));
    }
    if !app.browse.trail.is_empty() {
        let text = format!("← {} (Backspace) ", app.browse.trail.len());
        title.push(Span::styled(text, theme::dim()));
    }
    let load = &app.session.load;
    if let Some(p) = progress_text("groups", &load.groups, app) {
        title.push(Span::styled(format!("{p} "), theme::dim()));
    }
    let block = pane_block(Line::from(title), focused);
    if shown == 0 {
        let text = match &load.groups {
            _ if total > 0 => format!("No group matches \"{}\".", inert(filter)),
            Progress::Failed(e) => format!(
                "Could not load security groups: {}\n{}",
                inert(&e.to_string()),
                e.hint()
            ),
            Progress::Loading { .. } if load.connecting => "Connecting…".into(),
            Progress::Loading { .. } => "Loading security groups…".into(),
            Progress::Done { .. } => "No security groups in this region.".into(),
        };
        let paragraph = Paragraph::new(text)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(block);
        frame.render_widget(paragraph, area);
        return;
    }
    let columns = GroupColumns::fit(area.width.saturating_sub(2), app.session.several_regions());
    let window = Window {
        block,
        header: columns.header(),
        widths: &columns.widths(),
        cursor: &app.browse.groups_cursor,
        len: shown,
        focused,
    };
    window.render(frame, area, |i| {
        let g = app.visible_group(i);
        let rules = app.session.inventory.rules_of(&g.id);
        let marked = rules.all().filter(|r| app.session.is_marked(&r.id)).count();
        let mark = if marked > 0 {
            Cell::from(Span::styled(format!("●{marked}"), theme::marked()))
        } else {
            Cell::from("")
        };
        let name = match g.name_tag() {
            Some(tag) => format!("{} [{}]", inert(&g.name), inert(tag)),
            None => inert(&g.name).into_owned(),
        };
        let mut cells = vec![mark];
        if columns.region {
            let region = region_of(&g.id).unwrap_or_default();
            cells.push(Cell::from(Span::styled(
                inert(region).into_owned(),
                theme::dim(),
            )));
        }
        cells.extend([
            Cell::from(present::id(&g.id).into_owned()),
            Cell::from(name),
        ]);
        if columns.vpc {
            let vpc = (g.vpc_id.as_deref()).map_or("(EC2-Classic)".into(), present::id);
            cells.push(Cell::from(vpc.into_owned()));
        }
        if columns.counts {
            cells.push(Cell::from(rules.inbound.len().to_string()));
            cells.push(Cell::from(rules.outbound.len().to_string()));
        }
        if columns.signals {
            let found = app.session.judging.signals().map(|s| s.group(&g.id));
            cells.push(Cell::from(
                found.map(signals::group_marks).unwrap_or_default(),
            ));
        }
        if columns.description {
            cells.push(Cell::from(inert(&g.description).into_owned()));
        }
        Row::new(cells)
    });
}

fn render_rules(app: &App, frame: &mut Frame, area: Rect, direction: Direction) {
    let pane = Pane::of(direction);
    let focused = app.browse.focus == pane;
    let rules = app.visible_rules(direction);
    let label = match direction {
        Direction::Inbound => "Inbound",
        Direction::Outbound => "Outbound",
    };
    let of = app
        .selected_group()
        .map(|g| format!(" of {}", inert(&g.name)))
        .unwrap_or_default();
    // With a filter in force: how many of the group's rules it matches; the rows it matches
    // are marked (») when it tells them apart from others.
    let (count, marks_hits) = match app.selected_group() {
        Some(g) if app.browse.filtering() => {
            let all = app.session.inventory.rules_of(&g.id).of(direction).len();
            let rows = app.browse.rows(direction);
            let hits = rows.iter().filter(|r| r.hit.is_some()).count();
            (format!("{all}, {hits} match"), hits < all)
        }
        _ => (rules.len().to_string(), false),
    };
    let mut title = vec![Span::raw(format!(" {label} rules{of} ({count}) "))];
    if let Some(p) = progress_text("rules", &app.session.load.rules, app) {
        title.push(Span::styled(format!("{p} "), theme::dim()));
    }
    let block = pane_block(Line::from(title), focused);
    if rules.is_empty() {
        let text = match (&app.session.load.rules, app.selected_group()) {
            (Progress::Failed(e), _) => format!("Could not load rules: {}", inert(&e.to_string())),
            (_, None) => String::new(),
            (Progress::Loading { .. }, Some(_)) => "Loading rules…".into(),
            (_, Some(_)) if app.browse.only_matching && app.browse.filtering() => format!(
                "No {} rule matches the filter (f shows every rule).",
                direction.label()
            ),
            (Progress::Done { .. }, Some(_)) => format!("No {} rules.", direction.label()),
        };
        frame.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .style(theme::dim())
                .block(block),
            area,
        );
        return;
    }
    let towards = if direction == Direction::Inbound {
        "Source"
    } else {
        "Destination"
    };
    let columns = RuleColumns::fit(area.width.saturating_sub(2), if marks_hits { 2 } else { 1 });
    let window = Window {
        block,
        header: columns.header(towards),
        widths: &columns.widths(),
        cursor: app.browse.cursor(pane),
        len: rules.len(),
        focused,
    };
    let rows = app.browse.rows(direction);
    window.render(frame, area, |i| {
        let hit = rows[i].hit.as_ref();
        rule_row(app, rules[i], hit, marks_hits, &columns)
    });
}

/// The peer, and beside it how an `ip:` match went through it when both fit whole; otherwise
/// that is handed back for the description column.
fn peer_and_via(
    rule: &Rule,
    hit: Option<&Hit>,
    inventory: &Inventory,
    width: usize,
) -> (String, Option<String>) {
    let via = hit
        .and_then(|h| h.via.as_ref())
        .map(|v| inert(&v.beside_peer()).into_owned());
    match via {
        Some(via) if rule.peer.short().chars().count() + 1 + via.chars().count() <= width => {
            let room = width - 1 - via.chars().count();
            let peer = present::peer_within(&rule.peer, &rule.group_id, inventory, room);
            (format!("{peer} {via}"), None)
        }
        via => (
            present::peer_within(&rule.peer, &rule.group_id, inventory, width),
            via,
        ),
    }
}

/// A rule's row; `hit` when the filter matches it, which `marks_hits` marks (») when the pane
/// holds rules it does not match. How an `ip:` match was found stands beside the peer.
fn rule_row<'a>(
    app: &App,
    rule: &Rule,
    hit: Option<&Hit>,
    marks_hits: bool,
    columns: &RuleColumns,
) -> Row<'a> {
    let marked = app.session.is_marked(&rule.id);
    let mut mark = vec![if marked {
        Span::styled("●", theme::marked())
    } else {
        Span::raw(" ")
    }];
    if marks_hits {
        mark.push(match hit {
            Some(_) => Span::styled("»", theme::hit()),
            None => Span::raw(" "),
        });
    }
    let mark = Cell::from(Line::from(mark));
    let inventory = &app.session.inventory;
    let (peer, via) = peer_and_via(rule, hit, inventory, usize::from(columns.peer));
    let peer_style = if rule.peer.is_world() {
        theme::world()
    } else {
        Style::new()
    };
    let id_style = if marked {
        theme::marked()
    } else {
        Style::new()
    };
    let found = app.session.judging.signals().map(|s| s.rule(&rule.id));
    let mut cells = vec![
        mark,
        Cell::from(found.map(signals::rule_marks).unwrap_or_default()),
    ];
    if columns.id {
        cells.push(Cell::from(Span::styled(
            present::id(rule.id_text()).into_owned(),
            id_style,
        )));
    }
    cells.push(Cell::from(rule.protocol_ports()));
    cells.push(Cell::from(Span::styled(peer, peer_style)));
    if columns.description.is_some() {
        let description = inert(rule.description.as_deref().unwrap_or_default()).into_owned();
        let mut text = Vec::new();
        if let Some(via) = via {
            text.push(Span::styled(via, theme::hit()));
            if !description.is_empty() {
                text.push(Span::raw(" · "));
            }
        }
        text.push(Span::raw(description));
        cells.push(Cell::from(Line::from(text)));
    }
    Row::new(cells)
}
