//! Focus beside the cache (issue 29): the exclusion rules, the profiles and the
//! profile picked by hand, stored as ampel_core::focus JSON in their own tables.

use crate::{time_text, Result, Store, StoreError};
use ampel_core::account::InputError;
use ampel_core::focus::{Focus, Manual, Profile, Rule, RuleKind};
use time::OffsetDateTime;

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn input(field: &'static str, reason: &str) -> StoreError {
    StoreError::Input(InputError {
        field,
        reason: reason.to_string(),
    })
}

fn json<T: serde::Serialize>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| corrupt(what, e))
}

/// A pattern or name a rule can hold: not empty, one line, at most 200 characters.
fn check_text(field: &'static str, text: &str) -> Result<()> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 200 || t.chars().any(char::is_control) {
        return Err(input(field, "must be 1 to 200 characters on one line"));
    }
    Ok(())
}

impl Store {
    /// The rules, the profiles and the profile picked by hand, in one.
    pub async fn focus(&self) -> Result<Focus> {
        Ok(Focus {
            rules: self.exclusion_rules().await?,
            profiles: self.profiles().await?,
            manual: self.manual_profile().await?,
        })
    }

    /// Every exclusion rule, oldest first.
    pub async fn exclusion_rules(&self) -> Result<Vec<Rule>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT rule FROM exclusion_rules ORDER BY rowid")
                .fetch_all(self.pool())
                .await?;
        rows.into_iter()
            .map(|(r,)| serde_json::from_str(&r).map_err(|e| corrupt("exclusion rule", e)))
            .collect()
    }

    /// Adds a rule (`account`: an account id, or `None` for all) and returns it; the
    /// same rule twice is one rule (the existing one is returned).
    pub async fn add_exclusion_rule(
        &self,
        kind: RuleKind,
        account: Option<String>,
        now: OffsetDateTime,
    ) -> Result<Rule> {
        match &kind {
            RuleKind::Author { pattern } | RuleKind::Repo { pattern } => {
                check_text("pattern", pattern)?;
            }
            RuleKind::Org { name } | RuleKind::Label { name } => check_text("name", name)?,
            RuleKind::Bots | RuleKind::OthersDrafts => {}
        }
        let kind = trimmed(kind);
        // Stored by id, whether given by id or name.
        let account = match account {
            Some(a) => Some(self.find_account(&a).await?.id.to_string()),
            None => None,
        };
        if let Some(same) = self
            .exclusion_rules()
            .await?
            .into_iter()
            .find(|r| r.kind == kind && r.account == account)
        {
            return Ok(same);
        }
        let rule = Rule {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            account,
        };
        sqlx::query("INSERT INTO exclusion_rules (id, rule, added_at) VALUES (?, ?, ?)")
            .bind(&rule.id)
            .bind(json("exclusion rule", &rule)?)
            .bind(time_text::to_text(now)?)
            .execute(self.pool())
            .await?;
        Ok(rule)
    }

    /// Drops a rule; false when there was none with that id.
    pub async fn remove_exclusion_rule(&self, id: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM exclusion_rules WHERE id = ?")
            .bind(id.trim())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every profile, oldest first.
    pub async fn profiles(&self) -> Result<Vec<Profile>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT profile FROM profiles ORDER BY rowid")
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(p,)| serde_json::from_str(&p).map_err(|e| corrupt("profile", e)))
            .collect()
    }

    /// Adds a profile or replaces the one of the same name (keeping its place).
    pub async fn put_profile(&self, profile: &Profile, now: OffsetDateTime) -> Result<()> {
        check_text("name", &profile.name)?;
        if profile.accounts.is_empty() {
            return Err(input("accounts", "a profile needs at least one account"));
        }
        let mut ids = Vec::with_capacity(profile.accounts.len());
        for a in &profile.accounts {
            ids.push(self.find_account(a).await?.id.to_string());
        }
        for w in &profile.schedule {
            if w.days.is_empty() || w.days.iter().any(|d| !(1..=7).contains(d)) {
                return Err(input("days", "days are 1 (Monday) to 7 (Sunday)"));
            }
        }
        let mut p = profile.clone();
        p.name = p.name.trim().to_string();
        p.accounts = ids;
        sqlx::query(
            "INSERT INTO profiles (name, profile, added_at) VALUES (?, ?, ?) \
             ON CONFLICT (name) DO UPDATE SET profile = excluded.profile",
        )
        .bind(&p.name)
        .bind(json("profile", &p)?)
        .bind(time_text::to_text(now)?)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Drops a profile (and a manual pick of it); false when there was none.
    pub async fn remove_profile(&self, name: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM profiles WHERE name = ?")
            .bind(name.trim())
            .execute(self.pool())
            .await?;
        if self
            .manual_profile()
            .await?
            .is_some_and(|m| m.profile.as_deref() == Some(name.trim()))
        {
            self.set_manual_profile(None).await?;
        }
        Ok(done.rows_affected() > 0)
    }

    /// The profile picked by hand, if any (it may have expired: see `focus::active`).
    pub async fn manual_profile(&self) -> Result<Option<Manual>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT manual FROM manual_profile")
            .fetch_optional(self.pool())
            .await?;
        row.map(|(m,)| serde_json::from_str(&m).map_err(|e| corrupt("manual profile", e)))
            .transpose()
    }

    /// Records (or, with `None`, clears) the profile picked by hand.
    pub async fn set_manual_profile(&self, manual: Option<&Manual>) -> Result<()> {
        match manual {
            None => {
                sqlx::query("DELETE FROM manual_profile")
                    .execute(self.pool())
                    .await?;
            }
            Some(m) => {
                sqlx::query(
                    "INSERT INTO manual_profile (one, manual) VALUES (1, ?) \
                     ON CONFLICT (one) DO UPDATE SET manual = excluded.manual",
                )
                .bind(json("manual profile", m)?)
                .execute(self.pool())
                .await?;
            }
        }
        Ok(())
    }
}

/// The rule with its pattern or name trimmed.
fn trimmed(kind: RuleKind) -> RuleKind {
    match kind {
        RuleKind::Author { pattern } => RuleKind::Author {
            pattern: pattern.trim().to_string(),
        },
        RuleKind::Repo { pattern } => RuleKind::Repo {
            pattern: pattern.trim().to_string(),
        },
        RuleKind::Org { name } => RuleKind::Org {
            name: name.trim().to_string(),
        },
        RuleKind::Label { name } => RuleKind::Label {
            name: name.trim().to_string(),
        },
        other => other,
    }
}
