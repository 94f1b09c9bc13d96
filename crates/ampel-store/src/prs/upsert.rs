//! Writes of the dashboard cache in multi-row statements: one statement per
//! 128 rows instead of one per row, with a fixed set of statement sizes (128,
//! 64, …, 1) so SQLx's prepared-statement cache holds at most eight of each.

use super::CacheRow;
use crate::Result;
use sqlx::{Sqlite, Transaction};

/// Rows per statement: 4 parameters each keeps a statement far below SQLite's
/// smallest parameter limit (999).
const BATCH: usize = 128;

/// Splits `n` into statement sizes: full batches, then the powers of two of the rest.
fn sizes(n: usize) -> Vec<usize> {
    let mut out = vec![BATCH; n / BATCH];
    let mut rest = n % BATCH;
    let mut size = BATCH / 2;
    while rest > 0 {
        if rest >= size {
            out.push(size);
            rest -= size;
        }
        size /= 2;
    }
    out
}

/// Inserts or replaces `rows` (keys distinct) of one account.
pub(super) async fn write(
    tx: &mut Transaction<'_, Sqlite>,
    account: &str,
    rows: &[(String, CacheRow)],
) -> Result<()> {
    let mut rest = rows;
    for size in sizes(rows.len()) {
        let (chunk, tail) = rest.split_at(size);
        rest = tail;
        let sql = format!(
            "INSERT INTO pull_requests (account_id, pr_key, sections, data) VALUES {} \
             ON CONFLICT (account_id, pr_key) DO UPDATE SET sections = excluded.sections, \
             data = excluded.data",
            vec!["(?, ?, ?, ?)"; size].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (key, row) in chunk {
            query = query
                .bind(account)
                .bind(key.as_str())
                .bind(row.sections)
                .bind(row.data.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Deletes one account's rows with these keys.
pub(super) async fn delete(
    tx: &mut Transaction<'_, Sqlite>,
    account: &str,
    keys: &[String],
) -> Result<()> {
    let mut rest = keys;
    for size in sizes(keys.len()) {
        let (chunk, tail) = rest.split_at(size);
        rest = tail;
        let sql = format!(
            "DELETE FROM pull_requests WHERE account_id = ? AND pr_key IN ({})",
            vec!["?"; size].join(", ")
        );
        let mut query = sqlx::query(&sql).bind(account);
        for key in chunk {
            query = query.bind(key.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{sizes, BATCH};

    #[test]
    fn statement_sizes_cover_every_row_from_a_fixed_set() {
        for n in [0, 1, 2, 3, 127, 128, 129, 300, 10_000] {
            let s = sizes(n);
            assert_eq!(s.iter().sum::<usize>(), n, "{n}");
            assert!(
                s.iter().all(|k| k.is_power_of_two() && *k <= BATCH),
                "{n}: {s:?}"
            );
        }
        assert_eq!(sizes(300), vec![128, 128, 32, 8, 4]);
    }
}
