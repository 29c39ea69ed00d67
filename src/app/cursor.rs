//! A cursor in a list, shared by every screen that shows one.

use std::cell::Cell;

use super::action::Command;

/// A cursor in a list. The renderer keeps the scroll offset and the last viewport height in
/// cells: they are view state, not domain state, and only the renderer knows the height.
#[derive(Debug, Clone, Default)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: Cell<usize>,
    pub viewport: Cell<usize>,
}

impl ListCursor {
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Moves by `delta` rows within a list of `len`.
    pub fn step(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn page(&self) -> isize {
        self.viewport.get().max(1) as isize
    }

    /// Applies a movement command (down, up, first, last, page down, page up) within a list of
    /// `len`; says whether `command` was one.
    pub fn apply(&mut self, command: Command, len: usize) -> bool {
        match command {
            Command::Down => self.step(1, len),
            Command::Up => self.step(-1, len),
            Command::First => self.selected = 0,
            Command::Last => self.selected = len.saturating_sub(1),
            Command::PageDown => self.step(self.page(), len),
            Command::PageUp => self.step(-self.page(), len),
            _ => return false,
        }
        true
    }

    /// The first visible row once `selected` is scrolled into a viewport of `height` rows.
    pub fn scroll_into_view(&self, height: usize, len: usize) -> usize {
        self.viewport.set(height);
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_inside_the_list() {
        let mut c = ListCursor::default();
        assert!(c.apply(Command::Up, 3));
        assert_eq!(c.selected, 0);
        c.apply(Command::Last, 3);
        assert_eq!(c.selected, 2);
        c.apply(Command::Down, 3);
        assert_eq!(c.selected, 2);
        c.viewport.set(10);
        c.apply(Command::PageUp, 3);
        assert_eq!(c.selected, 0);
        assert!(!c.apply(Command::Confirm, 3));
        c.apply(Command::Last, 0);
        assert_eq!(c.selected, 0);
    }
}
