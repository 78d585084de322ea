//! The seven screens, each in its own file with its state, its keys and its drawing (the pattern of ratatui's demo2
//! tabs). A screen handles the keys it has a use for and says what else should happen (`Effect`); what every
//! screen shares (the plan, the cursor, the brush, messages) is `Shared`, passed in, so screens never reach into one
//! another.

pub mod compare;
pub mod hall;
pub mod inference;
pub mod params;
pub mod power;
pub mod site;
pub mod supply;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::keymap::Action;
use super::shared::{Effect, Shared, Tab};

/// Every screen's state.
pub struct Screens {
    pub site: site::SiteScreen,
    pub hall: hall::HallScreen,
    pub params: params::ParamsScreen,
    pub supply: supply::SupplyScreen,
    pub inference: inference::InferenceScreen,
    pub power: power::PowerScreen,
    pub compare: compare::CompareScreen,
}

impl Screens {
    pub fn new(sh: &Shared) -> Screens {
        let mut s = Screens {
            site: site::SiteScreen::default(),
            hall: hall::HallScreen,
            params: params::ParamsScreen::new(sh),
            supply: supply::SupplyScreen::default(),
            inference: inference::InferenceScreen::default(),
            power: power::PowerScreen,
            compare: compare::CompareScreen::default(),
        };
        s.sync(sh, Tab::Parameters);
        s
    }

    /// Brings the screens' derived figures up to date with the plan and the cursor (cheap when nothing changed). The
    /// Parameters screen reads its values from the plan's text, a whole parse of it: only while it is the open tab
    /// (it is brought up to date when it is opened), so an edit elsewhere on a 50-site plan does not pay for it.
    pub fn sync(&mut self, sh: &Shared, open: Tab) {
        if open == Tab::Parameters {
            self.params.sync(sh);
        }
        self.supply.sync(sh);
        self.inference.sync(sh);
        self.compare.sync(sh);
    }

    /// The open screen's answer to an action.
    pub fn handle(&mut self, tab: Tab, a: Action, sh: &mut Shared) -> Effect {
        match tab {
            Tab::Site => self.site.handle(a, sh),
            Tab::Hall => self.hall.handle(a, sh),
            Tab::Parameters => self.params.handle(a, sh),
            Tab::Supply => self.supply.handle(a, sh),
            Tab::Inference => self.inference.handle(a, sh),
            Tab::Power => Effect::Ignored,
            Tab::Compare => self.compare.handle(a, sh),
        }
    }

    /// A left click in the open screen's body.
    pub fn click(&mut self, tab: Tab, body: Rect, pos: Position, sh: &mut Shared) -> Effect {
        match tab {
            Tab::Site => self.site.click(body, pos, sh),
            Tab::Hall => self.hall.click(body, pos, sh),
            Tab::Parameters => self.params.click(body, pos),
            Tab::Supply | Tab::Inference | Tab::Power | Tab::Compare => Effect::Ignored,
        }
    }

    pub fn draw(&self, tab: Tab, frame: &mut Frame, body: Rect, sh: &Shared) {
        match tab {
            Tab::Site => self.site.draw(frame, body, sh),
            Tab::Hall => self.hall.draw(frame, body, sh),
            Tab::Parameters => self.params.draw(frame, body, sh),
            Tab::Supply => self.supply.draw(frame, body, sh),
            Tab::Inference => self.inference.draw(frame, body, sh),
            Tab::Power => self.power.draw(frame, body, sh),
            Tab::Compare => self.compare.draw(frame, body, sh),
        }
    }
}
