//! The account workflows the app and the CLI share — test a token, add an account
//! (validated, or saved as "not verified" when the forge cannot be reached), replace
//! a token, re-test and record each result — so neither front end holds that logic.

mod error;
mod links;
mod record;

pub use error::AccountsError;
pub use links::{recommended_scopes, token_page};
pub use record::{record_failure, record_success};

use ampel_core::account::{validate_base_url, validate_name, validate_username};
use ampel_core::Secret;
use ampel_forge::{AccountSpec, ErrorKind, ForgeError, Report, Validation, Validator};
use ampel_store::{Account, NewAccount, Store, TokenState, ValidationStatus};
use uuid::Uuid;

/// Whether [`Accounts::add`] and [`Accounts::replace_token`] ask the forge first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Validate against the forge; nothing is saved when it refuses or cannot be reached.
    Validate,
    /// Save without asking (offline); the account is "not verified".
    SaveUnverified,
}

/// An account just saved, with the validation that let it in (if any).
#[derive(Debug, Clone)]
pub struct Saved {
    /// The stored account.
    pub account: Account,
    /// What the forge said, when it was asked.
    pub validation: Option<Validation>,
}

/// The result of re-testing a stored account.
#[derive(Debug, Clone)]
pub struct Retested {
    /// The account after the result was recorded.
    pub account: Account,
    /// The forge's answer.
    pub report: Report,
}

/// Account workflows over one store and one HTTP client.
pub struct Accounts {
    store: Store,
    validator: Validator,
}

/// The validation spec of a stored account.
pub fn spec_of(account: &Account) -> AccountSpec {
    AccountSpec {
        provider: account.provider,
        base_url: Some(account.base_url.clone()),
        username: account.username.clone(),
        last_known_expiry: account.token_expires_at,
    }
}

impl Accounts {
    /// Workflows over `store`, asking forges through `validator`.
    pub fn new(store: Store, validator: Validator) -> Self {
        Accounts { store, validator }
    }

    /// The forge client, for listing pull requests.
    pub fn client(&self) -> &Validator {
        &self.validator
    }

    /// The store underneath, for plain reads and edits.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Test Connection: shape warnings and the forge's answer; nothing is saved.
    pub async fn test(&self, spec: &AccountSpec, token: &Secret) -> Report {
        self.validator.test_connection(spec, token).await
    }

    /// Adds an account. With [`Check::Validate`] the forge is asked first and the
    /// account is saved only when it accepts the token; a second account for the
    /// same forge user is refused as [`AccountsError::Duplicate`] (offer "replace
    /// token" instead). Input is checked before any network call.
    pub async fn add(&self, new: NewAccount, check: Check) -> Result<Saved, AccountsError> {
        let name = validate_name(&new.name)?;
        let base_url = validate_base_url(new.provider, new.base_url.as_deref())?;
        let username = validate_username(new.username.as_deref())?;
        if self
            .store
            .list_accounts()
            .await?
            .iter()
            .any(|a| a.name == name)
        {
            return Err(ampel_store::StoreError::DuplicateName(name).into());
        }
        let spec = AccountSpec {
            provider: new.provider,
            base_url: Some(base_url.clone()),
            username: username.clone(),
            last_known_expiry: None,
        };
        let validation = match check {
            Check::SaveUnverified => None,
            Check::Validate => {
                let v = self.validator.validate(&spec, &new.token).await?;
                if let Some(existing) = self.same_user(&spec, &v).await? {
                    return Err(AccountsError::Duplicate {
                        existing: Box::new(existing),
                    });
                }
                Some(v)
            }
        };
        let account = self
            .store
            .add_account(NewAccount {
                name,
                base_url: Some(base_url),
                username,
                ..new
            })
            .await?;
        let account = match &validation {
            Some(v) => self.record(account.id, record_success(v)).await?,
            None => account,
        };
        Ok(Saved {
            account,
            validation,
        })
    }

    /// Replaces an account's token; with [`Check::Validate`] only a token the forge
    /// accepts is stored.
    pub async fn replace_token(
        &self,
        id: Uuid,
        token: &Secret,
        check: Check,
    ) -> Result<Saved, AccountsError> {
        let account = self.store.find_account(&id.to_string()).await?;
        let validation = match check {
            Check::SaveUnverified => None,
            Check::Validate => Some(self.validator.validate(&spec_of(&account), token).await?),
        };
        self.store.set_token(id, token).await?;
        let record = match &validation {
            Some(v) => record_success(v),
            None => record::not_verified(),
        };
        let account = self.record(id, record).await?;
        Ok(Saved {
            account,
            validation,
        })
    }

    /// Asks the forge about a stored account's token and records the answer.
    /// Network trouble is reported but not recorded: an account does not turn
    /// "failed" because the laptop is offline.
    pub async fn retest(&self, id: Uuid) -> Result<Retested, AccountsError> {
        let account = self.store.find_account(&id.to_string()).await?;
        let token = self.store.decrypt_token(id).await?;
        let spec = spec_of(&account);
        let report = self.validator.test_connection(&spec, &token).await;
        let account = match (&report.validation, &report.error) {
            (Some(v), _) => self.record(id, record_success(v)).await?,
            (None, Some(e)) if e.kind != ErrorKind::Network => {
                self.record(id, record_failure(&e.error, account.token_expires_at))
                    .await?
            }
            _ => account,
        };
        Ok(Retested { account, report })
    }

    /// Re-tests every enabled, usable account still "not verified" (saved while
    /// offline); returns those whose state changed.
    pub async fn retest_unverified(&self) -> Result<Vec<Retested>, AccountsError> {
        let mut changed = Vec::new();
        for account in self.store.list_accounts().await? {
            let pending = account.enabled
                && account.validation == ValidationStatus::NotVerified
                && account.token_state == TokenState::Ok;
            if !pending {
                continue;
            }
            let retested = self.retest(account.id).await?;
            if retested.account.validation != ValidationStatus::NotVerified {
                changed.push(retested);
            }
        }
        Ok(changed)
    }

    async fn record(
        &self,
        id: Uuid,
        record: ampel_store::ValidationRecord,
    ) -> Result<Account, AccountsError> {
        self.store.update_validation(id, record).await?;
        Ok(self.store.find_account(&id.to_string()).await?)
    }

    /// An existing account of the same forge host and user as `v`, if any.
    async fn same_user(
        &self,
        spec: &AccountSpec,
        v: &Validation,
    ) -> Result<Option<Account>, AccountsError> {
        let Some(login) = v.identity.as_ref().map(|i| i.login.as_str()) else {
            return Ok(None);
        };
        let accounts = self.store.list_accounts().await?;
        Ok(accounts.into_iter().find(|a| {
            a.provider == spec.provider
                && Some(&a.base_url) == spec.base_url.as_ref()
                && a.identity
                    .as_ref()
                    .is_some_and(|i| i.login.eq_ignore_ascii_case(login))
        }))
    }
}

impl From<ForgeError> for AccountsError {
    fn from(e: ForgeError) -> Self {
        AccountsError::Forge(Box::new(e))
    }
}
