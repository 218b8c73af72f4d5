//! Tags per (company, routine) (R-5.4) and routine visibility (R-5.5).

use super::{Error, Routine};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where a company stands in a routine (R-5.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    /// Scored, not worked yet.
    Suspect,
    /// Being worked: a follow-up was put on it.
    Prospect,
    /// A client.
    Client,
    /// Not a target.
    OutOfTarget,
}

/// The tag of a (company, routine) and its `ex_client` mark (R-5.4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagState {
    /// The tag, if any.
    pub tag: Option<Tag>,
    /// The company was a client and is no longer one.
    pub ex_client: bool,
}

/// What putting a follow-up on a company did to its tag (R-5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowupTagging {
    /// The user's default routine, whose tag was considered (none: nothing to do).
    pub routine_id: Option<String>,
    /// The tag before.
    pub from: Option<Tag>,
    /// The tag after.
    pub to: Option<Tag>,
    /// Whether the tag changed.
    pub changed: bool,
}

/// Tags of companies per routine (R-5.4).
///
/// ```
/// use filrouge::scoring::{Directory, Routine, Tag, Tags};
/// use serde_json::json;
///
/// let routine: Routine = serde_json::from_value(json!({
///   "id": "r-it", "title": "IT", "users": ["u-anne"], "mandatory": [], "weighted": []})).unwrap();
/// let mut dir = Directory::default();
/// dir.define_routine(&routine);
/// dir.set_default_routine("u-anne", "r-it").unwrap();
/// let mut tags = Tags::default();
/// tags.set_tag("552100554", "r-it", Some(Tag::Suspect)).unwrap();
/// let done = tags.followup_put(&dir, "u-anne", "552100554").unwrap();
/// assert_eq!(done.to, Some(Tag::Prospect));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    states: BTreeMap<(String, String), TagState>,
}

fn check_ids(company_id: &str, routine_id: &str) -> Result<(), Error> {
    if company_id.is_empty() {
        return Err(Error::EmptyId { kind: "company" });
    }
    if routine_id.is_empty() {
        return Err(Error::EmptyId { kind: "routine" });
    }
    Ok(())
}

impl Tags {
    /// The tag of a company in a routine (none and no mark by default).
    pub fn tag_of(&self, company_id: &str, routine_id: &str) -> TagState {
        self.states.get(&(company_id.to_owned(), routine_id.to_owned())).copied().unwrap_or_default()
    }

    /// Sets (or clears, with `None`) the tag of a company in a routine.
    /// Leaving `client` for another tag (or none) sets the `ex_client`
    /// mark; becoming `client` again clears it.
    pub fn set_tag(&mut self, company_id: &str, routine_id: &str, tag: Option<Tag>) -> Result<TagState, Error> {
        check_ids(company_id, routine_id)?;
        let state = self.states.entry((company_id.to_owned(), routine_id.to_owned())).or_default();
        if state.tag == Some(Tag::Client) && tag != Some(Tag::Client) {
            state.ex_client = true;
        }
        if tag == Some(Tag::Client) {
            state.ex_client = false;
        }
        state.tag = tag;
        Ok(*state)
    }

    /// Sets or clears the `ex_client` mark by hand (e.g. history imported
    /// from another tool).
    pub fn mark_ex_client(&mut self, company_id: &str, routine_id: &str, ex_client: bool) -> Result<TagState, Error> {
        check_ids(company_id, routine_id)?;
        let state = self.states.entry((company_id.to_owned(), routine_id.to_owned())).or_default();
        state.ex_client = ex_client;
        Ok(*state)
    }

    /// R-5.4: a follow-up was put on a company by `user`. In the user's
    /// default routine (R-5.5), a company tagged `suspect` or not tagged
    /// becomes `prospect`; `prospect`, `client` and `out_of_target` stay.
    /// A user without a default routine (or whose default they can no
    /// longer see) changes nothing.
    pub fn followup_put(
        &mut self,
        directory: &Directory,
        user: &str,
        company_id: &str,
    ) -> Result<FollowupTagging, Error> {
        if user.is_empty() {
            return Err(Error::EmptyId { kind: "user" });
        }
        if company_id.is_empty() {
            return Err(Error::EmptyId { kind: "company" });
        }
        let Some(routine_id) = directory.default_routine(user) else {
            return Ok(FollowupTagging { routine_id: None, from: None, to: None, changed: false });
        };
        let from = self.tag_of(company_id, routine_id).tag;
        let to = match from {
            None | Some(Tag::Suspect) => Some(Tag::Prospect),
            kept => kept,
        };
        if to != from {
            self.set_tag(company_id, routine_id, to)?;
        }
        Ok(FollowupTagging { routine_id: Some(routine_id.to_owned()), from, to, changed: to != from })
    }
}

/// A user's licence (R-5.5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Licence {
    /// Sees only the routines assigned to them.
    #[default]
    Standard,
    /// Sees every routine.
    Manager,
}

/// Routines, who they are assigned to, licences and default routines (R-5.5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    routines: BTreeMap<String, BTreeSet<String>>,
    managers: BTreeSet<String>,
    defaults: BTreeMap<String, String>,
}

impl Directory {
    /// Adds a routine, or replaces its assignment, from its `users`.
    pub fn define_routine(&mut self, routine: &Routine) {
        self.routines.insert(routine.id().to_owned(), routine.users().iter().cloned().collect());
    }

    /// Assigns a known routine to exactly these users.
    pub fn assign(&mut self, routine_id: &str, users: &[String]) -> Result<(), Error> {
        if users.iter().any(String::is_empty) {
            return Err(Error::EmptyId { kind: "user" });
        }
        let assigned = self
            .routines
            .get_mut(routine_id)
            .ok_or_else(|| Error::UnknownRoutine { routine_id: routine_id.to_owned() })?;
        *assigned = users.iter().cloned().collect();
        Ok(())
    }

    /// Removes a routine (and with it every default that named it).
    pub fn remove_routine(&mut self, routine_id: &str) {
        self.routines.remove(routine_id);
        self.defaults.retain(|_, r| r != routine_id);
    }

    /// Sets a user's licence.
    pub fn set_licence(&mut self, user: &str, licence: Licence) -> Result<(), Error> {
        if user.is_empty() {
            return Err(Error::EmptyId { kind: "user" });
        }
        match licence {
            Licence::Manager => self.managers.insert(user.to_owned()),
            Licence::Standard => self.managers.remove(user),
        };
        Ok(())
    }

    /// A user's licence (`standard` unless set).
    pub fn licence(&self, user: &str) -> Licence {
        if self.managers.contains(user) { Licence::Manager } else { Licence::Standard }
    }

    /// Whether `user` sees the routine: it exists, and they hold a manager
    /// licence or it is assigned to them.
    pub fn can_see(&self, user: &str, routine_id: &str) -> bool {
        self.routines.get(routine_id).is_some_and(|users| self.managers.contains(user) || users.contains(user))
    }

    /// The routines `user` sees, by id.
    pub fn visible_routines(&self, user: &str) -> Vec<&str> {
        self.routines.keys().filter(|r| self.can_see(user, r)).map(String::as_str).collect()
    }

    /// Makes `routine_id` the user's default routine, replacing the
    /// previous one (returned). The user must see it.
    pub fn set_default_routine(&mut self, user: &str, routine_id: &str) -> Result<Option<String>, Error> {
        if user.is_empty() {
            return Err(Error::EmptyId { kind: "user" });
        }
        if !self.routines.contains_key(routine_id) {
            return Err(Error::UnknownRoutine { routine_id: routine_id.to_owned() });
        }
        if !self.can_see(user, routine_id) {
            return Err(Error::RoutineNotVisible { user: user.to_owned(), routine_id: routine_id.to_owned() });
        }
        Ok(self.defaults.insert(user.to_owned(), routine_id.to_owned()))
    }

    /// Clears the user's default routine (returned).
    pub fn clear_default_routine(&mut self, user: &str) -> Option<String> {
        self.defaults.remove(user)
    }

    /// The user's default routine, while they can still see it: a routine
    /// unassigned from them (or a licence withdrawn) stops being their
    /// default, and becomes it again if they regain sight of it.
    pub fn default_routine(&self, user: &str) -> Option<&str> {
        self.defaults.get(user).filter(|r| self.can_see(user, r)).map(String::as_str)
    }
}
