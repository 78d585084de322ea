//! The jump list: `/` searches the plan's halls, rows and findings as you type, `!` lists the findings; enter goes
//! to the hall or row (the Hall screen for a row or a finding in a hall, the Site screen for a site-wide finding).

use super::shared::{Cursor, Shared, Tab};

/// What an entry of the jump list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JumpKind {
    Hall,
    Row,
    Finding,
}

impl JumpKind {
    pub fn label(self) -> &'static str {
        match self {
            JumpKind::Hall => "hall",
            JumpKind::Row => "row",
            JumpKind::Finding => "finding",
        }
    }
}

/// One place to jump to.
#[derive(Debug, Clone, PartialEq)]
pub struct JumpEntry {
    pub kind: JumpKind,
    /// What is shown and searched: the site, hall and row names, or the finding's message.
    pub text: String,
    pub site: usize,
    pub hall: Option<usize>,
    pub row: Option<usize>,
}

/// The open jump list: what is typed, which match is selected, and whether it lists only findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Jump {
    pub query: String,
    pub selected: usize,
    pub findings_only: bool,
}

impl Shared {
    /// Every hall, row and finding of the plan, in fleet order (findings first when listing only them).
    pub fn jump_entries(&self, findings_only: bool) -> Vec<JumpEntry> {
        let mut out = Vec::new();
        for (si, (site, so)) in self.doc.eval.plan.sites.iter().zip(&self.doc.eval.outcome.sites).enumerate() {
            for v in &so.violations {
                let (hall, row) = (v.hall.map(|h| h as usize), v.row.map(|r| r as usize));
                out.push(JumpEntry { kind: JumpKind::Finding, text: v.message.clone(), site: si, hall, row });
            }
            if findings_only {
                continue;
            }
            for (hi, hall) in site.halls.iter().enumerate() {
                let text = format!("{} / {} ({} rows)", site.name, hall.name, hall.rows.len());
                out.push(JumpEntry { kind: JumpKind::Hall, text, site: si, hall: Some(hi), row: None });
                for (ri, row) in hall.rows.iter().enumerate() {
                    let text = format!("{} / {} / {}", site.name, hall.name, row.name);
                    out.push(JumpEntry { kind: JumpKind::Row, text, site: si, hall: Some(hi), row: Some(ri) });
                }
            }
        }
        out
    }

    /// The entries matching what is typed: each word, in any order and case, is in the entry's kind or text.
    pub fn jump_matches(&self, jump: &Jump) -> Vec<JumpEntry> {
        let words: Vec<String> = jump.query.split_whitespace().map(str::to_lowercase).collect();
        self.jump_entries(jump.findings_only)
            .into_iter()
            .filter(|e| {
                let hay = format!("{} {}", e.kind.label(), e.text).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    /// Goes to an entry: its hall (and row), shown on the Hall screen, or its site, on the Site screen. Returns
    /// the screen to show.
    pub fn jump_to(&mut self, e: &JumpEntry) -> Tab {
        self.anchor = None;
        let tab = match e.hall {
            Some(h) => {
                self.cursor = Cursor { site: e.site, hall: h, row: e.row.unwrap_or(0), slot: 0 };
                Tab::Hall
            }
            None => {
                self.cursor = Cursor { site: e.site, ..Cursor::default() };
                Tab::Site
            }
        };
        self.clamp_cursor();
        self.info(format!("{}: {}", e.kind.label(), e.text));
        tab
    }
}
