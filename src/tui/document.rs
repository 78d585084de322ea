//! The open plan as a document: its text (the single source of truth) evaluated, the file it was read from, what
//! the file held when last read or written, and the undo and redo history. Every change goes through here: an edit
//! is committed as one undo step; saving, saving elsewhere and reloading keep the history honest (a reload starts it
//! afresh, so an undo can never bring back what the disk replaced).

use std::path::{Path, PathBuf};

use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::plan::edit;
use fleetplan_core::plan::{self, Origin, Plan};

/// One step of the history: the plan's text on one side of an edit, and what the edit was.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub text: String,
    pub what: String,
}

pub struct Document {
    /// The plan being edited, evaluated: its text is the single source of truth.
    pub eval: Evaluation,
    pub path: Option<PathBuf>,
    /// The text as last read from or written to `path`.
    pub saved_text: String,
    /// What a save writes: the plan's text, or for a scenario file its overrides brought in line with the plan.
    pub out_text: String,
    /// The texts before each edit, with what the edit was ("place G at A01/3"), newest last; and the edits undone.
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
    /// Counts every change of `eval`, so views that derive figures from it know when to refresh.
    pub version: u64,
    /// The undo history's length when the plan was last read or saved (`None` once an edit replaced the steps
    /// after it), for counting unsaved edits.
    saved_at: Option<usize>,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Written; the message says where.
    Written(String),
    /// The file changed on disk since it was read: ask before writing over it.
    ChangedOnDisk,
    /// There is no file yet: ask for a name.
    NoPath,
}

/// Where the unsaved edits of the plan at `path` are kept when the app is stopped before they are saved (a signal,
/// a terminal that went away, a panic): `PLAN.recovery` beside it, which `*.toml` globs do not pick up.
pub fn recovery_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    path.with_file_name(name)
}

/// The changes on disk and the app's both edited a stretch of the file: where, and each side's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// 1-based line of the merged text where the stretch starts.
    pub line: usize,
    pub ours: Vec<String>,
    pub theirs: Vec<String>,
}

/// What merging the file on disk into the open plan did.
#[derive(Debug, Clone, PartialEq)]
pub enum Merged {
    /// Merged into the open plan (one undo step); the file on disk is the new base, so a save writes the merge.
    Clean,
    /// The edits overlap: nothing changed. The merged text with each overlap marked, to settle them all one way.
    Conflicts { conflicts: Vec<Conflict>, marked: String, disk: String },
}

/// Which side an overlap of a merge is settled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// The merged text with every overlap settled on one side; everything else of both edits kept.
pub fn settle(marked: &str, side: Side) -> String {
    #[derive(PartialEq)]
    enum At {
        Outside,
        Ours,
        Base,
        Theirs,
    }
    let mut at = At::Outside;
    let mut out = String::with_capacity(marked.len());
    for l in marked.split_inclusive('\n') {
        let keep = match at {
            At::Outside if l.starts_with("<<<<<<<") => {
                at = At::Ours;
                false
            }
            At::Ours | At::Base if l.starts_with("=======") => {
                at = At::Theirs;
                false
            }
            At::Ours if l.starts_with("|||||||") => {
                at = At::Base;
                false
            }
            At::Theirs if l.starts_with(">>>>>>>") => {
                at = At::Outside;
                false
            }
            At::Outside => true,
            At::Ours => side == Side::Mine,
            At::Theirs => side == Side::Theirs,
            At::Base => false,
        };
        if keep {
            out.push_str(l);
        }
    }
    out
}

/// The conflicts of a merge's text as `diffy` marks them (`<<<<<<<`, `|||||||` original, `=======`, `>>>>>>>`).
fn conflicts_of(marked: &str) -> Vec<Conflict> {
    enum At {
        Outside,
        Ours,
        Base,
        Theirs,
    }
    let (mut out, mut at) = (Vec::new(), At::Outside);
    let mut cur = Conflict { line: 0, ours: Vec::new(), theirs: Vec::new() };
    for (i, l) in marked.lines().enumerate() {
        match at {
            At::Outside if l.starts_with("<<<<<<<") => {
                cur = Conflict { line: i + 1, ours: Vec::new(), theirs: Vec::new() };
                at = At::Ours;
            }
            At::Ours | At::Base if l.starts_with("=======") => at = At::Theirs,
            At::Ours if l.starts_with("|||||||") => at = At::Base,
            At::Theirs if l.starts_with(">>>>>>>") => {
                out.push(std::mem::replace(&mut cur, Conflict { line: 0, ours: Vec::new(), theirs: Vec::new() }));
                at = At::Outside;
            }
            At::Ours => cur.ours.push(l.to_string()),
            At::Theirs => cur.theirs.push(l.to_string()),
            At::Outside | At::Base => {}
        }
    }
    out
}

/// The first problem of a plan that does not load, as one line: `key: message`.
pub fn first_problem(d: &plan::Diagnostics) -> String {
    match d.0.first() {
        None => "invalid plan".into(),
        Some(e) if e.key.is_empty() => e.message.clone(),
        Some(e) => format!("{}: {}", e.key, e.message),
    }
}

impl Document {
    pub fn new(eval: Evaluation, path: Option<PathBuf>) -> Document {
        let file = eval.scenario_file.as_ref().map_or_else(|| eval.text.clone(), |sf| sf.text.clone());
        Document {
            saved_text: file.clone(),
            out_text: file,
            eval,
            path,
            undo: Vec::new(),
            redo: Vec::new(),
            version: 0,
            saved_at: Some(0),
        }
    }

    pub fn dirty(&self) -> bool {
        self.out_text != self.saved_text
    }

    /// What a save would write for this evaluated plan: its text, or for a scenario file the file's overrides
    /// rewritten for it (`Err` when the edit is not one a scenario can make).
    pub fn file_text_for(&self, eval: &Evaluation) -> Result<String, String> {
        Document::file_text_of(eval)
    }

    fn file_text_of(eval: &Evaluation) -> Result<String, String> {
        match &eval.scenario_file {
            Some(sf) => plan::scenario_file::rewrite(sf, &eval.text, eval.catalog()),
            None => Ok(eval.text.clone()),
        }
    }

    /// The file as shown to the user, or the bundled plan's name.
    pub fn file_label(&self) -> String {
        self.path.as_ref().map_or_else(|| plan::DEFAULT_PLAN_NAME.to_string(), |p| p.display().to_string())
    }

    /// The plan's name, or its file name when it has none; for a scenario file, the scenario over its base.
    pub fn title(&self) -> String {
        if let Some(sf) = &self.eval.scenario_file {
            let base = sf.base.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            return format!("scenario {} over {base}", sf.name);
        }
        if !self.eval.plan.name.trim().is_empty() {
            return self.eval.plan.name.clone();
        }
        self.path.as_ref().and_then(|p| p.file_stem()).and_then(|s| s.to_str()).unwrap_or("plan").to_string()
    }

    /// Reads edited text as the open plan would be read: the plan, or the first problem as a message.
    pub fn check(&self, text: &str) -> Result<Plan, String> {
        plan::parse(text, &self.eval.origin, self.eval.catalog()).map_err(|d| first_problem(&d))
    }

    /// Edited text, read and evaluated: the plan the app would show, or the first problem.
    pub fn evaluate(&self, text: String) -> Result<Evaluation, String> {
        self.eval.edited(text).map_err(|d| first_problem(&d))
    }

    fn replace(&mut self, eval: Evaluation) -> Evaluation {
        self.version += 1;
        std::mem::replace(&mut self.eval, eval)
    }

    /// Takes an evaluated edit as the open plan: one undo step, the redo history dropped. `Err` (nothing changed)
    /// when a scenario file cannot express it.
    pub fn commit(&mut self, eval: Evaluation, what: &str) -> Result<(), String> {
        self.out_text = self.file_text_for(&eval)?;
        let old = self.replace(eval);
        // An edit made after undoing past the save drops the steps that led back to it.
        if self.saved_at.is_some_and(|at| self.undo.len() < at) {
            self.saved_at = None;
        }
        self.undo.push(Step { text: old.text, what: what.to_string() });
        self.redo.clear();
        Ok(())
    }

    /// Undo (`back`) or redo one step: what the edit was, or `Ok(None)` when there is none. A step whose text no
    /// longer loads (a weather file it names was removed since) stays where it was, with the loader's message.
    pub fn step(&mut self, back: bool) -> Result<Option<String>, String> {
        let (from, to) = if back { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let Some(step) = from.pop() else { return Ok(None) };
        match self.eval.edited(step.text.clone()) {
            Ok(eval) => {
                if let Ok(out) = Document::file_text_of(&eval) {
                    self.out_text = out;
                }
                let current = std::mem::replace(&mut self.eval, eval);
                to.push(Step { text: current.text, what: step.what.clone() });
                self.version += 1;
                Ok(Some(step.what))
            }
            Err(d) => {
                let what = step.what.clone();
                from.push(step);
                Err(format!("{what}: {}", first_problem(&d)))
            }
        }
    }

    /// Saves to the plan's file. Unless `overwrite`, a file that changed on disk since it was read is not written
    /// over (compared as bytes: a teammate's edit that is not UTF-8 is still a change to keep).
    pub fn save(&mut self, overwrite: bool) -> Result<Saved, String> {
        let Some(path) = self.path.clone() else { return Ok(Saved::NoPath) };
        if !overwrite {
            match fleetplan_core::input::read_bytes(&path) {
                Ok(disk) if disk != self.saved_text.as_bytes() => return Ok(Saved::ChangedOnDisk),
                Ok(_) => {}
                // Deleted since: writing it again loses nothing.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                // Unreadable: whether it changed cannot be known, so it is not overwritten.
                Err(e) => {
                    return Err(format!("not saved: cannot read {} to check it is unchanged: {e}", path.display()));
                }
            }
        }
        // Checked again just before the rename, so an edit made on disk while this save runs is not lost either.
        let written = if overwrite {
            plan::document::write_file(&path, self.out_text.as_bytes()).map_err(plan::document::SaveError::from)
        } else {
            plan::document::write_file_unless_changed(&path, self.out_text.as_bytes(), self.saved_text.as_bytes())
        };
        match written {
            Ok(()) => {}
            Err(plan::document::SaveError::ChangedOnDisk) => return Ok(Saved::ChangedOnDisk),
            Err(e) => return Err(format!("not saved: {}: {e}", path.display())),
        }
        self.saved_text = self.out_text.clone();
        self.saved_at = Some(self.undo.len());
        // The edits a recovery file kept are in the plan now (or were dropped for these).
        self.remove_recovery();
        Ok(Saved::Written(format!("saved {}", path.display())))
    }

    /// Merges the file as it is on disk now with the open plan's edits, against the text both started from (a
    /// three-way merge): edits to different lines are combined; edits to the same lines are conflicts, and
    /// nothing changes. A clean merge is one undo step and takes the file on disk as the new base, so a save
    /// writes the merge over it (and is still refused if the file changes again meanwhile).
    pub fn merge_disk(&mut self) -> Result<Merged, String> {
        let path = self.path.clone().ok_or("the bundled plan has no file to merge with")?;
        if self.eval.scenario_file.is_some() {
            return Err("a scenario file is not merged here: save it under another name and merge with git".into());
        }
        let disk =
            fleetplan_core::input::read_text(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        match diffy::merge(&self.saved_text, &self.out_text, &disk) {
            Ok(merged) => {
                let eval =
                    Evaluation::from_text(merged, Origin::file(&path), self.eval.catalog_arc()).map_err(|d| {
                        format!("merged, but the result does not load, so nothing changed: {}", d.headline())
                    })?;
                self.commit(eval, "merge the changes made on disk")?;
                self.saved_text = disk;
                Ok(Merged::Clean)
            }
            Err(marked) => Ok(Merged::Conflicts { conflicts: conflicts_of(&marked), marked, disk }),
        }
    }

    /// Takes a merge whose overlaps were settled (`settle`) as the open plan: one undo step, the file on disk the new
    /// base (so a save writes the merge).
    pub fn take_merge(&mut self, merged: String, disk: String, side: Side) -> Result<(), String> {
        let path = self.path.clone().ok_or("the bundled plan has no file to merge with")?;
        let eval = Evaluation::from_text(merged, Origin::file(&path), self.eval.catalog_arc())
            .map_err(|d| format!("settled, but the result does not load, so nothing changed: {}", d.headline()))?;
        let what = match side {
            Side::Mine => "merge the changes made on disk, mine where both changed a line",
            Side::Theirs => "merge the changes made on disk, theirs where both changed a line",
        };
        self.commit(eval, what)?;
        self.saved_text = disk;
        Ok(())
    }

    /// How many edits are not saved: the undo steps since the last save (or since the history went past it).
    pub fn unsaved_edits(&self) -> usize {
        if !self.dirty() {
            return 0;
        }
        match self.saved_at {
            Some(at) => self.undo.len().abs_diff(at).max(1),
            None => self.undo.len().max(1),
        }
    }

    /// Keeps unsaved edits in the recovery file beside the plan (atomically, with the plan's permissions): what a
    /// save would write. `Ok(None)` when there is nothing to keep, or no file to keep it beside (the bundled plan).
    pub fn write_recovery(&self) -> std::io::Result<Option<PathBuf>> {
        let Some(path) = self.path.as_deref().filter(|_| self.dirty()) else { return Ok(None) };
        let recovery = recovery_path(path);
        let mut f = plan::document::AtomicFile::create(&recovery)?;
        // A plan deleted since it was opened has no permissions to copy: the new file's defaults are kept.
        if path.exists() {
            f.permissions_of(path)?;
        }
        std::io::Write::write_all(&mut f, self.out_text.as_bytes())?;
        f.commit()?;
        Ok(Some(recovery))
    }

    /// The text of a recovery file an earlier session left beside the plan, when it differs from the plan as read.
    pub fn pending_recovery(&self) -> Option<String> {
        let recovery = recovery_path(self.path.as_deref()?);
        fleetplan_core::input::read_text(&recovery).ok().filter(|t| *t != self.saved_text)
    }

    /// Takes the recovery file's text as an edit of the open plan (one undo step, unsaved) and removes the file.
    pub fn restore_recovery(&mut self) -> Result<String, String> {
        let path = self.path.clone().ok_or("the bundled plan has no recovery file")?;
        let recovery = recovery_path(&path);
        let text = fleetplan_core::input::read_text(&recovery).map_err(|e| format!("not restored: {e}"))?;
        let eval = Evaluation::from_text(text, Origin::file(&path), self.eval.catalog_arc())
            .map_err(|d| format!("not restored, the recovery file has a problem: {}", d.headline()))?;
        self.commit(eval, "restore the recovery file")?;
        self.remove_recovery();
        Ok(format!("restored the unsaved edits of {}; save to keep them", recovery.display()))
    }

    /// Removes the recovery file, if there is one.
    pub fn remove_recovery(&self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(recovery_path(path));
        }
    }

    /// Saves under another name. Weather files and a user catalogue named by relative paths are rewritten relative
    /// to the new folder, so the saved plan still finds them; the plan is checked from its new folder, written, and
    /// only then taken as the open plan (a rewrite is one undo step).
    pub fn save_as(&mut self, path: PathBuf) -> Result<String, String> {
        let new_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(sf) = self.eval.scenario_file.clone() {
            return self.save_scenario_as(&sf, path, &new_dir);
        }
        let old_dir = self.eval.origin.base_dir.clone();
        let moved = |reference: &str| -> Option<String> {
            let old = old_dir.as_ref()?;
            let p = Path::new(reference);
            (!p.is_absolute() && reference.contains(['/', '\\', '.']))
                .then(|| plan::document::relative_path(&old.join(p), &new_dir).to_string_lossy().replace('\\', "/"))
        };
        let mut text = self.eval.text.clone();
        let mut rewritten = Vec::new();
        for (i, site) in self.eval.plan.sites.iter().enumerate() {
            if Catalog::climate(&site.climate_ref).is_some() {
                continue;
            }
            if let Some(new) = moved(&site.climate_ref).filter(|n| *n != site.climate_ref) {
                text = edit::set_site_value(&text, i, &["climate"], &edit::string_literal(&new))
                    .map_err(|e| format!("not saved: {e}"))?;
                rewritten.push(new);
            }
        }
        let catalog = toml_edit::Document::parse(text.as_str())
            .ok()
            .and_then(|d| d.get("plan").and_then(|p| p.get("catalog")).and_then(|c| c.as_str().map(str::to_string)));
        if let Some(new) = catalog.as_deref().and_then(|c| moved(c).filter(|n| n != c)) {
            text = edit::set_plan_value(&text, "catalog", &edit::string_literal(&new))
                .map_err(|e| format!("not saved: {e}"))?;
            rewritten.push(new);
        }
        let eval = Evaluation::from_text(text, Origin::file(&path), self.eval.catalog_arc())
            .map_err(|d| format!("not saved: from the new folder the plan does not load: {d}"))?;
        plan::document::write_file(&path, eval.text.as_bytes())
            .map_err(|e| format!("not saved: {}: {e}", path.display()))?;
        // The plan now reads from its new folder; its text changed only if paths were rewritten.
        self.path = Some(path.clone());
        let old = self.replace(eval);
        if old.text != self.eval.text {
            self.undo.push(Step { text: old.text, what: "rewrite paths for the new folder".into() });
        }
        self.saved_text = self.eval.text.clone();
        self.out_text = self.eval.text.clone();
        self.saved_at = Some(self.undo.len());
        let moved = if rewritten.is_empty() {
            String::new()
        } else {
            format!("; paths rewritten for the new folder: {}", rewritten.join(", "))
        };
        Ok(format!("saved {}{moved}", path.display()))
    }

    /// A scenario file saved elsewhere: its overrides as they are, its base named from the new folder.
    fn save_scenario_as(
        &mut self,
        sf: &plan::scenario_file::ScenarioFile,
        path: PathBuf,
        new_dir: &Path,
    ) -> Result<String, String> {
        let base = plan::document::relative_path(&sf.base, new_dir).to_string_lossy().replace('\\', "/");
        let mut d: toml_edit::DocumentMut = self.out_text.parse().map_err(|e| format!("not saved: {e}"))?;
        d["base"] = toml_edit::value(base.clone());
        let text = d.to_string();
        let eval = Evaluation::from_text(text.clone(), Origin::file(&path), self.eval.catalog_arc())
            .map_err(|d| format!("not saved: from the new folder the scenario does not load: {d}"))?;
        plan::document::write_file(&path, text.as_bytes())
            .map_err(|e| format!("not saved: {}: {e}", path.display()))?;
        self.path = Some(path.clone());
        self.replace(eval);
        self.out_text = text.clone();
        self.saved_text = text;
        Ok(format!("saved {} (over {base})", path.display()))
    }

    /// Reads the file again. The file on disk is the new starting point: undoing past it would silently bring back
    /// the text it replaced (and a save would then undo a teammate's change), so history starts again here.
    pub fn reload(&mut self) -> Result<String, String> {
        let Some(path) = self.path.clone() else { return Err("the bundled plan has no file to reload".into()) };
        let disk = fleetplan_core::input::read_text(&path).map_err(|e| format!("not reloaded: {e}"))?;
        // The file's problem with its place (file:line:col), as the command line would print it. A scenario file
        // is read over its base again.
        let eval = Evaluation::from_text(disk.clone(), Origin::file(&path), self.eval.catalog_arc())
            .map_err(|d| format!("not reloaded, the file on disk has a problem: {}", d.headline()))?;
        self.replace(eval);
        self.out_text = disk.clone();
        self.undo.clear();
        self.redo.clear();
        self.saved_at = Some(0);
        self.saved_text = disk;
        Ok(format!("reloaded {}; undo history starts here", path.display()))
    }

    /// Opens another plan in place of this one (a new plan just written): no history, saved as it is.
    pub fn open_other(&mut self, eval: Evaluation, path: PathBuf) {
        self.saved_text = eval.text.clone();
        self.out_text = eval.text.clone();
        self.undo.clear();
        self.redo.clear();
        self.saved_at = Some(0);
        self.path = Some(path);
        self.replace(eval);
    }
}
