//! SQLite run on the thread that awaits the statement. sqlx's SQLite driver hands every statement
//! to a worker thread of its connection and waits for the answer: two thread switches per
//! statement, which were most of a request's time. Here a statement is prepared (from a cache of
//! up to [`STATEMENT_CACHE`] per connection), bound and stepped to its last row in the calling
//! task, with the bundled SQLite that sqlx links too. A statement takes microseconds; what can
//! wait longer (the writer's turn, a free connection) is awaited before it starts.
//!
//! Values cross as sqlx's `Any` types, so the stores' `sqlx::query(…)` code runs unchanged on both
//! engines: arguments arrive as `AnyArguments`, rows leave as `AnyRow`, errors as `sqlx::Error`.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::types::ValueRef;
use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::{Any, Either, Execute};
use sqlx_core::any::{
    AnyArguments, AnyColumn, AnyQueryResult, AnyRow, AnyTypeInfo, AnyTypeInfoKind, AnyValue, AnyValueKind,
};
use sqlx_core::ext::ustr::UStr;

/// Prepared statements kept per connection: the emulator's statements are a few hundred texts,
/// most built once; those built per request (filters) leave the cache in turn.
pub const STATEMENT_CACHE: usize = 256;

/// How long a statement waits on a lock another connection holds before it fails (a checkpoint,
/// or on an in-memory database another connection's commit), as sqlx's own default.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens one connection to `path` (a file, or `file:/NAME?vfs=memdb` for an in-memory database
/// every connection of the process shares) with the emulator's settings.
pub fn open(path: &str) -> Result<rusqlite::Connection, sqlx::Error> {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(path, flags).map_err(into_sqlx)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(into_sqlx)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // As sqlx's connections had them: foreign keys enforced, and a commit that waits for the WAL
    // to be written, not for the disk to confirm it (a crash can lose the last moments of writes,
    // never leave them half done).
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
        .map_err(into_sqlx)?;
    Ok(conn)
}

/// Runs a statement to its end: every row it gives, then what it changed.
pub fn run<'q>(
    conn: &rusqlite::Connection,
    mut query: impl Execute<'q, Any>,
) -> Result<(Vec<AnyRow>, AnyQueryResult), sqlx::Error> {
    let arguments = query.take_arguments().map_err(sqlx::Error::Encode)?;
    let sql = query.sql();
    let mut statement = conn.prepare_cached(sql).map_err(into_sqlx)?;
    bind(&mut statement, arguments)?;
    let names: Vec<UStr> = statement.column_names().into_iter().map(UStr::new).collect();
    let positions: Arc<sqlx_core::HashMap<UStr, usize>> =
        Arc::new(names.iter().cloned().enumerate().map(|(i, name)| (name, i)).collect());
    // SQLite counts the changes of the last statement that made any: a read reports none itself.
    let reads_only = statement.readonly();
    let mut rows_out = Vec::new();
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next().map_err(into_sqlx)? {
        let mut columns = Vec::with_capacity(names.len());
        let mut values = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let value = row.get_ref(i).map_err(into_sqlx)?;
            let kind = any_value(value);
            columns.push(AnyColumn {
                ordinal: i,
                name: name.clone(),
                type_info: AnyTypeInfo { kind: type_of(&kind) },
            });
            values.push(AnyValue { kind });
        }
        rows_out.push(AnyRow {
            column_names: positions.clone(),
            columns,
            values,
        });
    }
    drop(rows);
    let result = AnyQueryResult {
        rows_affected: if reads_only { 0 } else { conn.changes() },
        last_insert_id: Some(conn.last_insert_rowid()),
    };
    Ok((rows_out, result))
}

/// Binds the arguments as sqlx's SQLite driver does: `$N` (or `?N`) takes the N-th value, a bare
/// `?` the next one.
fn bind(statement: &mut rusqlite::CachedStatement<'_>, arguments: Option<AnyArguments<'_>>) -> Result<(), sqlx::Error> {
    let values = arguments.map(|a| a.values.0).unwrap_or_default();
    let mut next = 0;
    for index in 1..=statement.parameter_count() {
        let number = match statement.parameter_name(index) {
            Some(name) => name[1..]
                .parse::<usize>()
                .map_err(|_| sqlx::Error::Protocol(format!("the statement's parameter {name} is not numbered")))?,
            None => {
                next += 1;
                next
            }
        };
        let value = values
            .get(number.wrapping_sub(1))
            .ok_or_else(|| sqlx::Error::Protocol(format!("no value is bound to the statement's parameter {number}")))?;
        let result = match value {
            AnyValueKind::Null(_) => statement.raw_bind_parameter(index, rusqlite::types::Null),
            AnyValueKind::Bool(b) => statement.raw_bind_parameter(index, i64::from(*b)),
            AnyValueKind::SmallInt(i) => statement.raw_bind_parameter(index, i64::from(*i)),
            AnyValueKind::Integer(i) => statement.raw_bind_parameter(index, i64::from(*i)),
            AnyValueKind::BigInt(i) => statement.raw_bind_parameter(index, *i),
            AnyValueKind::Real(f) => statement.raw_bind_parameter(index, f64::from(*f)),
            AnyValueKind::Double(f) => statement.raw_bind_parameter(index, *f),
            AnyValueKind::Text(text) => statement.raw_bind_parameter(index, text.as_ref()),
            AnyValueKind::Blob(bytes) => statement.raw_bind_parameter(index, bytes.as_ref()),
            other => return Err(sqlx::Error::Protocol(format!("cannot bind {other:?} on SQLite"))),
        };
        result.map_err(into_sqlx)?;
    }
    Ok(())
}

/// A stored value as sqlx's SQLite driver gives it to the `Any` driver: by the value's own type.
fn any_value(value: ValueRef<'_>) -> AnyValueKind<'static> {
    match value {
        ValueRef::Null => AnyValueKind::Null(AnyTypeInfoKind::Null),
        ValueRef::Integer(i) => AnyValueKind::BigInt(i),
        ValueRef::Real(f) => AnyValueKind::Double(f),
        ValueRef::Text(bytes) => AnyValueKind::Text(Cow::Owned(String::from_utf8_lossy(bytes).into_owned())),
        ValueRef::Blob(bytes) => AnyValueKind::Blob(Cow::Owned(bytes.to_vec())),
    }
}

fn type_of(kind: &AnyValueKind<'_>) -> AnyTypeInfoKind {
    match kind {
        AnyValueKind::BigInt(_) => AnyTypeInfoKind::BigInt,
        AnyValueKind::Double(_) => AnyTypeInfoKind::Double,
        AnyValueKind::Text(_) => AnyTypeInfoKind::Text,
        AnyValueKind::Blob(_) => AnyTypeInfoKind::Blob,
        _ => AnyTypeInfoKind::Null,
    }
}

/// An error SQLite reported, as sqlx reports a database's: its code, its message, and the kind
/// of constraint it broke (`UniqueIndex` reads the message for which index it was).
#[derive(Debug)]
pub struct SqliteError {
    code: i32,
    message: String,
}

impl std::fmt::Display for SqliteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for SqliteError {}

impl DatabaseError for SqliteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        use rusqlite::ffi;
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => ErrorKind::UniqueViolation,
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

pub fn into_sqlx(err: rusqlite::Error) -> sqlx::Error {
    match err {
        rusqlite::Error::SqliteFailure(failure, message) => sqlx::Error::Database(Box::new(SqliteError {
            code: failure.extended_code,
            message: message.unwrap_or_else(|| failure.to_string()),
        })),
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

/// What [`run`] gives, as `Executor::fetch_many` streams it.
pub fn as_stream_items(
    result: Result<(Vec<AnyRow>, AnyQueryResult), sqlx::Error>,
) -> Vec<Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>> {
    match result {
        Ok((rows, done)) => rows
            .into_iter()
            .map(|row| Ok(Either::Right(row)))
            .chain(std::iter::once(Ok(Either::Left(done))))
            .collect(),
        Err(err) => vec![Err(err)],
    }
}
