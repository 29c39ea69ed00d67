//! The picker: the profiles of the AWS files beside the regions, the target on screen marked,
//! and the marks kept for the targets left.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Borders, Paragraph},
};

use super::popup::{sections, title};
use super::theme;
use crate::app::{App, Column, ListCursor, Picker};
use crate::ec2::Target;
use crate::present::inert;

pub fn render(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let border = Style::new().fg(theme::ACCENT);
    let heading = title("Profiles and regions", None);
    let [head, body, foot] = sections(frame, area, heading, border, [1, 2]);
    let current = picker.current.as_ref().map(Target::label);
    let on_screen = match &current {
        Some(label) => format!("On screen: {}", inert(label)),
        None => "On screen: no region yet".to_string(),
    };
    frame.render_widget(Paragraph::new(Span::styled(on_screen, theme::dim())), head);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    let profiles: Vec<Line> = (picker.profiles.iter().enumerate())
        .map(|(i, (name, region))| {
            let here = picker.current.as_ref().is_some_and(|t| {
                t.profile.as_deref().or(Some("default")) == name.as_deref().or(Some("default"))
            });
            let shown = name.as_deref().map(inert);
            let shown = shown.unwrap_or("default chain (AWS_PROFILE, then default)".into());
            let mut spans = vec![
                Span::raw(pointer(picker, Column::Profiles, i)),
                Span::styled(
                    shown.into_owned(),
                    row_style(picker, Column::Profiles, i, here),
                ),
            ];
            if let Some(region) = region {
                spans.push(Span::styled(format!("  {}", inert(region)), theme::dim()));
            }
            if let Some(kept) = kept(app, name.as_deref()) {
                spans.push(Span::styled(format!("  {kept} marked"), theme::marked()));
            }
            Line::from(spans)
        })
        .collect();
    let regions: Vec<Line> = (picker.regions.iter().enumerate())
        .map(|(i, region)| {
            let here = picker.current.as_ref().is_some_and(|t| t.region == *region);
            Line::from(vec![
                Span::raw(pointer(picker, Column::Regions, i)),
                Span::styled(
                    inert(region).into_owned(),
                    row_style(picker, Column::Regions, i, here),
                ),
            ])
        })
        .collect();
    let focused = |column| picker.column == column;
    list(
        frame,
        left,
        "Profile",
        focused(Column::Profiles),
        profiles,
        &picker.profile,
    );
    list(
        frame,
        right,
        "Region",
        focused(Column::Regions),
        regions,
        &picker.region,
    );

    let chosen = picker.chosen().map(|t| t.label()).unwrap_or_default();
    let mut hint = vec![Line::from(Span::styled(
        format!(
            "Enter loads {} · Tab switches lists · Esc closes",
            inert(&chosen)
        ),
        theme::dim(),
    ))];
    if !app.session.kept_marks.is_empty() {
        let kept: Vec<String> = (app.session.kept_marks.iter())
            .map(|(target, marks)| format!("{} ({})", inert(target), marks.len()))
            .collect();
        hint.push(Line::from(Span::styled(
            format!("Marks kept: {}", kept.join(", ")),
            theme::marked(),
        )));
    }
    frame.render_widget(Paragraph::new(hint), foot);
}

/// How many marks are kept for the targets of profile `name` (any region), if any.
fn kept(app: &App, name: Option<&str>) -> Option<usize> {
    let prefix = format!("{}/", name.unwrap_or("default"));
    let n: usize = (app.session.kept_marks.iter())
        .filter(|(target, _)| target.starts_with(&prefix))
        .map(|(_, marks)| marks.len())
        .sum();
    (n > 0).then_some(n)
}

/// `› ` before the row under the cursor of the list the keys move in, without colour too.
fn pointer(picker: &Picker, column: Column, i: usize) -> &'static str {
    let cursor = match column {
        Column::Profiles => &picker.profile,
        Column::Regions => &picker.region,
    };
    if picker.column == column && i == cursor.selected {
        "› "
    } else {
        "  "
    }
}

fn row_style(picker: &Picker, column: Column, i: usize, here: bool) -> Style {
    let cursor = match column {
        Column::Profiles => &picker.profile,
        Column::Regions => &picker.region,
    };
    let style = if i == cursor.selected {
        theme::selected(picker.column == column)
    } else {
        Style::new()
    };
    if here {
        style.add_modifier(Modifier::BOLD)
    } else {
        style
    }
}

/// One list in its box, scrolled so that its cursor shows.
fn list(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    focused: bool,
    lines: Vec<Line>,
    cursor: &ListCursor,
) {
    let border = if focused {
        Style::new().fg(theme::ACCENT)
    } else {
        theme::dim()
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(format!(" {name} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let offset = cursor.scroll_into_view(inner.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}
