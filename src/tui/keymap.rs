//! Keys map to semantic actions through an embedded TOML table that a user file may override. The help screen is
//! generated from the same table, so it never lies.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const DEFAULT_BINDINGS: &str = include_str!("../../assets/keybindings.toml");

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Messages,
    Cancel,
    Activate,
    NextTab,
    PrevTab,
    TabSite,
    TabHall,
    TabParameters,
    TabSupply,
    TabInference,
    TabPower,
    TabCompare,
    CompareWith,
    Search,
    Findings,
    NextScenario,
    PrevScenario,
    MonteCarlo,
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,
    RowStart,
    RowEnd,
    FirstRow,
    LastRow,
    NextHall,
    PrevHall,
    NextSite,
    PrevSite,
    Place,
    Remove,
    Cycle,
    NextBrush,
    AddBrush,
    PrevBrush,
    Select,
    Fill,
    Clear,
    FillHall,
    FillSite,
    FillTarget,
    Replace,
    CopyRow,
    CopyHall,
    Paste,
    Undo,
    Redo,
    Save,
    SaveAs,
    Reload,
    NewPlan,
    AddHall,
    RemoveHall,
    RenameHall,
    HallUp,
    HallDown,
    SetEnergised,
    AddRow,
    RemoveRow,
    RenameRow,
    RowUp,
    RowDown,
}

/// Name in the bindings file, group and description for help, per action; the order is the help's order.
pub const ACTIONS: &[(Action, &str, &str, &str)] = &[
    (Action::Help, "help", "General", "show or hide this help"),
    (Action::Quit, "quit", "General", "quit (asks first when there are unsaved changes)"),
    (Action::Messages, "messages", "General", "the message log: every message in full, with its time"),
    (Action::Cancel, "cancel", "General", "cancel: close a dialog, drop the selection"),
    (Action::Activate, "activate", "General", "open the hall (Site) / edit the field (Parameters)"),
    (Action::NextTab, "next_tab", "General", "next screen"),
    (Action::PrevTab, "prev_tab", "General", "previous screen"),
    (Action::TabSite, "tab_site", "General", "Site screen"),
    (Action::TabHall, "tab_hall", "General", "Hall layout screen"),
    (Action::TabParameters, "tab_parameters", "General", "Parameters screen"),
    (Action::TabSupply, "tab_supply", "General", "Supply screen"),
    (Action::TabInference, "tab_inference", "General", "Inference & cost screen"),
    (Action::TabPower, "tab_power", "General", "Power & cooling screen"),
    (Action::TabCompare, "tab_compare", "General", "Compare screen"),
    (Action::Search, "search", "General", "search halls, rows and findings; enter jumps there"),
    (Action::Findings, "findings", "General", "list the findings; enter jumps to the hall or row"),
    (Action::CompareWith, "compare_with", "Compare", "compare with another plan file or a supply scenario (@name)"),
    (Action::NextScenario, "next_scenario", "Supply", "next supply scenario (every screen follows)"),
    (Action::PrevScenario, "prev_scenario", "Supply", "previous supply scenario"),
    (Action::MonteCarlo, "monte_carlo", "Supply", "run the Monte Carlo (P10 / P50 / P90)"),
    (Action::Left, "left", "Move", "left"),
    (Action::Right, "right", "Move", "right"),
    (Action::Up, "up", "Move", "up"),
    (Action::Down, "down", "Move", "down"),
    (Action::PageUp, "page_up", "Move", "page up"),
    (Action::PageDown, "page_down", "Move", "page down"),
    (Action::RowStart, "row_start", "Move", "first slot of the row"),
    (Action::RowEnd, "row_end", "Move", "last slot of the row"),
    (Action::FirstRow, "first_row", "Move", "first row / first hall"),
    (Action::LastRow, "last_row", "Move", "last row / last hall"),
    (Action::NextHall, "next_hall", "Move", "next hall (of the site; then the next site's first)"),
    (Action::PrevHall, "prev_hall", "Move", "previous hall"),
    (Action::NextSite, "next_site", "Move", "next site (multi-site plans)"),
    (Action::PrevSite, "prev_site", "Move", "previous site"),
    (Action::Place, "place", "Layout", "place the brush platform in the slot"),
    (Action::Remove, "remove", "Layout", "empty the slot"),
    (Action::Cycle, "cycle", "Layout", "cycle the slot through the legend"),
    (Action::NextBrush, "next_brush", "Layout", "next brush (legend entry)"),
    (Action::PrevBrush, "prev_brush", "Layout", "previous brush"),
    (Action::AddBrush, "add_brush", "Layout", "add a brush: a legend entry SYMBOL PLATFORM[@PROFILE]"),
    (Action::Select, "select", "Layout", "start / end a rectangle selection"),
    (Action::Fill, "fill", "Layout", "fill selection (or row) with the brush, within limits"),
    (Action::Clear, "clear", "Layout", "empty the selection (or the row)"),
    (Action::FillHall, "fill_hall", "Layout", "fill the hall's empty slots, within every limit"),
    (Action::FillSite, "fill_site", "Layout", "fill the site's empty slots up to the grid envelope"),
    (Action::FillTarget, "fill_target", "Layout", "fill the site's empty slots up to an IT target in MW"),
    (Action::Replace, "replace", "Layout", "replace every rack of the selection (or row) with the brush"),
    (Action::CopyRow, "copy_row", "Layout", "copy this row"),
    (Action::CopyHall, "copy_hall", "Layout", "copy this hall (rows, energisation, limits)"),
    (Action::Paste, "paste", "Layout", "paste: a row onto this row, a hall after this hall"),
    (Action::Undo, "undo", "Edit", "undo"),
    (Action::Redo, "redo", "Edit", "redo"),
    (Action::Save, "save", "File", "save (atomic; keeps comments and layout)"),
    (Action::SaveAs, "save_as", "File", "save under another name"),
    (Action::Reload, "reload", "File", "reload the file from disk"),
    (Action::NewPlan, "new_plan", "File", "new plan filling a grid envelope (as fleetplan new)"),
    (Action::AddHall, "add_hall", "Halls and rows", "add a hall after this one (same rows, empty)"),
    (Action::RemoveHall, "remove_hall", "Halls and rows", "remove this hall"),
    (Action::RenameHall, "rename_hall", "Halls and rows", "rename this hall"),
    (Action::HallUp, "hall_up", "Halls and rows", "move this hall up"),
    (Action::HallDown, "hall_down", "Halls and rows", "move this hall down"),
    (Action::SetEnergised, "set_energised", "Halls and rows", "set the quarter this hall is energised"),
    (Action::AddRow, "add_row", "Halls and rows", "add an empty row below this one"),
    (Action::RemoveRow, "remove_row", "Halls and rows", "remove this row"),
    (Action::RenameRow, "rename_row", "Halls and rows", "rename this row"),
    (Action::RowUp, "row_up", "Halls and rows", "move this row up"),
    (Action::RowDown, "row_down", "Halls and rows", "move this row down"),
];

/// A key with its modifiers, as written in the bindings file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` subset that can be ordered and stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(&'static str),
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
];

impl Key {
    /// Parses `"x"`, `"ctrl-s"`, `"shift-tab"`, `"f1"`, `"space"` …
    pub fn parse(s: &str) -> Option<Key> {
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("shift-").filter(|r| !r.is_empty()) {
                shift = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeOrd::Char(if shift { c.to_ascii_uppercase() } else { c }),
            _ if rest == "space" => KeyCodeOrd::Char(' '),
            _ if shift && rest == "tab" => KeyCodeOrd::Named("backtab"),
            _ => {
                if let Some(n) =
                    rest.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n))
                {
                    KeyCodeOrd::F(n)
                } else {
                    KeyCodeOrd::Named(NAMED.iter().find(|(name, _)| *name == rest)?.0)
                }
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key of a terminal event; `None` for keys fleetplan never binds.
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            other => KeyCodeOrd::Named(NAMED.iter().find(|(_, k)| *k == other)?.0),
        };
        Some(Key { code, ctrl, alt })
    }

    /// As written in the bindings file and shown in help.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.ctrl {
            s.push_str("ctrl-");
        }
        if self.alt {
            s.push_str("alt-");
        }
        match self.code {
            KeyCodeOrd::Char(' ') => s.push_str("space"),
            KeyCodeOrd::Char(c) => s.push(c),
            KeyCodeOrd::F(n) => s.push_str(&format!("f{n}")),
            KeyCodeOrd::Named(n) => s.push_str(n),
        }
        s
    }
}

/// Keys to actions, and actions to their keys (for hints and help).
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    by_key: BTreeMap<Key, Action>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

/// Key bindings that do not read.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    #[error("unknown action `{0}`")]
    UnknownAction(String),
    #[error("`{0}`: expected a list of keys")]
    NotAList(String),
    #[error("`{0}`: expected key names as strings")]
    NotAString(String),
    #[error("`{action}`: unknown key \"{key}\"")]
    UnknownKey { action: String, key: String },
    #[error("key \"{key}\" is bound to both {first:?} and {second:?}")]
    BoundTwice { key: String, first: Action, second: Action },
    #[error("{}: {source}", path.display())]
    Read { path: std::path::PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    InFile { path: std::path::PathBuf, source: Box<KeymapError> },
}

impl Keymap {
    /// The embedded defaults with a user file laid over them (`FLEETPLAN_KEYBINDINGS`, else
    /// `$XDG_CONFIG_HOME/fleetplan/keybindings.toml` or `~/.config/fleetplan/keybindings.toml`, when it exists).
    pub fn load() -> Result<Keymap, KeymapError> {
        let mut km = Keymap::from_toml(DEFAULT_BINDINGS, None)?;
        let user = std::env::var_os("FLEETPLAN_KEYBINDINGS").map(std::path::PathBuf::from).or_else(|| {
            let base = std::env::var_os("XDG_CONFIG_HOME")
                .map(std::path::PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
            Some(base.join("fleetplan/keybindings.toml")).filter(|p| p.exists())
        });
        if let Some(path) = user {
            let text = fleetplan_core::input::read_text(&path)
                .map_err(|source| KeymapError::Read { path: path.clone(), source })?;
            km = Keymap::from_toml(&text, Some(km))
                .map_err(|e| KeymapError::InFile { path: path.clone(), source: Box::new(e) })?;
        }
        Ok(km)
    }

    /// The embedded defaults only (tests, and the base of `load`).
    pub fn defaults() -> Keymap {
        Keymap::from_toml(DEFAULT_BINDINGS, None).unwrap_or_default()
    }

    /// Reads bindings; actions named replace their keys in `base`, and a key the file gives one action is taken from
    /// whichever action of `base` had it (so `place = ["enter"]` moves enter to place). Two actions of the same file
    /// bound to one key are an error.
    pub fn from_toml(text: &str, base: Option<Keymap>) -> Result<Keymap, KeymapError> {
        let table: toml::Table = toml::from_str(text)?;
        let mut by_action = base.map(|b| b.by_action).unwrap_or_default();
        let mut named: Vec<(Action, Vec<Key>)> = Vec::new();
        for (name, keys) in &table {
            let action = ACTIONS
                .iter()
                .find(|(_, n, _, _)| n == name)
                .map(|(a, ..)| *a)
                .ok_or_else(|| KeymapError::UnknownAction(name.clone()))?;
            let list = keys.as_array().ok_or_else(|| KeymapError::NotAList(name.clone()))?;
            let mut parsed = Vec::new();
            for k in list {
                let s = k.as_str().ok_or_else(|| KeymapError::NotAString(name.clone()))?;
                let key =
                    Key::parse(s).ok_or_else(|| KeymapError::UnknownKey { action: name.clone(), key: s.into() })?;
                parsed.push(key);
            }
            named.push((action, parsed));
        }
        // Within the file, a key bound to two actions is an error.
        let mut in_file: BTreeMap<Key, Action> = BTreeMap::new();
        for (action, keys) in &named {
            for k in keys {
                if let Some(first) = in_file.insert(*k, *action).filter(|a| a != action) {
                    return Err(KeymapError::BoundTwice { key: k.label(), first, second: *action });
                }
            }
        }
        for (action, keys) in &named {
            for other in by_action.values_mut() {
                other.retain(|k| !keys.contains(k));
            }
            by_action.insert(*action, keys.clone());
        }
        let mut by_key = BTreeMap::new();
        for (action, keys) in &by_action {
            for k in keys {
                if let Some(other) = by_key.insert(*k, *action) {
                    return Err(KeymapError::BoundTwice { key: k.label(), first: other, second: *action });
                }
            }
        }
        Ok(Keymap { by_key, by_action })
    }

    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(e)?;
        // Terminals report shift-letters as the upper-case letter, with or without SHIFT: the letter decides.
        self.by_key.get(&k).copied()
    }

    /// The first key of an action, for hints.
    pub fn key_of(&self, a: Action) -> String {
        self.by_action.get(&a).and_then(|k| k.first()).map(Key::label).unwrap_or_else(|| "-".into())
    }

    /// All keys of an action, for help.
    pub fn keys_of(&self, a: Action) -> String {
        self.by_action.get(&a).map(|ks| ks.iter().map(Key::label).collect::<Vec<_>>().join(" ")).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn every_action_has_a_default_key_and_no_key_is_bound_twice() {
        let km = Keymap::defaults();
        for (a, name, ..) in ACTIONS {
            assert_ne!(km.key_of(*a), "-", "{name} has no key");
        }
        assert_eq!(km.action(&ev(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Action::Quit));
        assert_eq!(km.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(km.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::LastRow));
        assert_eq!(km.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::PrevTab));
        assert_eq!(km.action(&ev(KeyCode::Char(' '), KeyModifiers::NONE)), Some(Action::Place));
    }

    #[test]
    fn a_user_file_overrides_and_conflicts_are_errors() {
        let km = Keymap::from_toml("place = [\"enter\"]\nactivate = [\"ctrl-e\"]", Some(Keymap::defaults())).unwrap();
        assert_eq!(km.action(&ev(KeyCode::Enter, KeyModifiers::NONE)), Some(Action::Place));
        assert_eq!(km.action(&ev(KeyCode::Char(' '), KeyModifiers::NONE)), None);
        // The README's example alone: enter moves from activate to place (it stopped the app from starting).
        let km = Keymap::from_toml("place = [\"enter\"]", Some(Keymap::defaults())).unwrap();
        assert_eq!(km.action(&ev(KeyCode::Enter, KeyModifiers::NONE)), Some(Action::Place));
        assert_eq!(km.key_of(Action::Activate), "-", "activate has no key left");
        // q moves from quit to place; quit keeps its other key.
        let km = Keymap::from_toml("place = [\"q\"]", Some(Keymap::defaults())).unwrap();
        assert_eq!(km.action(&ev(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Action::Place));
        assert_eq!(km.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        // Two actions of the same file on one key are an error.
        assert!(
            Keymap::from_toml("place = [\"q\"]\nundo = [\"q\"]", Some(Keymap::defaults()))
                .unwrap_err()
                .to_string()
                .contains("bound to both")
        );
        assert!(Keymap::from_toml("teleport = [\"t\"]", None).unwrap_err().to_string().contains("unknown action"));
        assert!(Keymap::from_toml("place = [\"hyper-x\"]", None).unwrap_err().to_string().contains("unknown key"));
    }
}
