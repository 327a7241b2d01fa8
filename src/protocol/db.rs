//! A node's local database: rows of numbers in a few tables, written only by local
//! transactions ([`super::Effect::Commit`]), which apply all their writes or none. It survives
//! crashes, like the log.
//!
//! A row is a key (an account, a transfer, an order, ...) and one number (a balance, a status
//! code, a count); a protocol names its tables in [`super::Protocol::TABLES`], which say how
//! keys and values read, so the inspector and the invariants need no protocol types.

use crate::sorted::SortedMap;

/// Which table, by its index in the protocol's [`super::Protocol::TABLES`].
pub type Table = u8;

/// One change a local transaction makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Write {
    /// Set a row.
    Put { table: Table, key: u32, value: i64 },
    /// Add to a row (a missing row counts as 0).
    Add { table: Table, key: u32, by: i64 },
    /// Remove a row.
    Delete { table: Table, key: u32 },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Db {
    rows: SortedMap<(Table, u32), i64>,
}

impl Db {
    pub fn get(&self, table: Table, key: u32) -> Option<i64> {
        self.rows.get(&(table, key)).copied()
    }

    /// A row's number, 0 if there is no such row.
    pub fn value(&self, table: Table, key: u32) -> i64 {
        self.get(table, key).unwrap_or(0)
    }

    /// The rows of one table, by key.
    pub fn rows(&self, table: Table) -> impl Iterator<Item = (u32, i64)> + '_ {
        self.rows
            .between(&(table, 0), &(table, u32::MAX))
            .map(|(&(_, k), &v)| (k, v))
    }

    /// Every row, by table then key.
    pub fn all(&self) -> impl Iterator<Item = (Table, u32, i64)> + '_ {
        self.rows.iter().map(|(&(t, k), &v)| (t, k, v))
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Applies a transaction's writes, in order.
    pub fn apply(&mut self, writes: &[Write]) {
        for w in writes {
            match *w {
                Write::Put { table, key, value } => {
                    self.rows.insert((table, key), value);
                }
                Write::Add { table, key, by } => {
                    *self.rows.get_or_insert_with((table, key), || 0) += by;
                }
                Write::Delete { table, key } => {
                    self.rows.remove(&(table, key));
                }
            }
        }
    }
}

/// The total of every money table in every node's database; `None` for a protocol whose
/// tables hold no money.
pub fn money<'a>(tables: &[TableDef], dbs: impl IntoIterator<Item = &'a Db>) -> Option<i64> {
    let money: Vec<Table> = (0..tables.len() as Table)
        .filter(|&i| tables[i as usize].value == ValueKind::Money)
        .collect();
    if money.is_empty() {
        return None;
    }
    Some(
        dbs.into_iter()
            .flat_map(|db| money.iter().flat_map(|&t| db.rows(t).map(|(_, v)| v)))
            .sum(),
    )
}

/// How a table reads in the inspector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableDef {
    /// Its name; the words people read are the i18n string `table.<name>`.
    pub name: &'static str,
    /// What its numbers are.
    pub value: ValueKind,
}

/// What a table's numbers mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// An amount of money (counted in the total the pictures show).
    Money,
    /// A quantity or a count.
    Count,
    /// A status, by index into these labels (`NEW`, `SENT`).
    Status(&'static [&'static str]),
    /// Presence only (a deduplication table): the number means nothing.
    Mark,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_apply_in_order_and_tables_stay_apart() {
        let mut db = Db::default();
        db.apply(&[
            Write::Put {
                table: 0,
                key: 1,
                value: 100,
            },
            Write::Add {
                table: 0,
                key: 1,
                by: -30,
            },
            Write::Add {
                table: 1,
                key: 1,
                by: 1,
            },
            Write::Put {
                table: 0,
                key: 2,
                value: 5,
            },
            Write::Delete { table: 0, key: 2 },
        ]);
        assert_eq!(db.get(0, 1), Some(70));
        assert_eq!(db.get(0, 2), None);
        assert_eq!(db.rows(1).collect::<Vec<_>>(), [(1, 1)]);
        assert_eq!(db.all().count(), 2);
    }
}
