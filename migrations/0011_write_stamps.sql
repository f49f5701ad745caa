-- Each tenant's write stamp: moved by every request that may change what a kept read answer says,
-- so that emulators sharing one PostgreSQL agree on when such an answer stops being true
-- (src/platform/shared_stamps.rs). SQLite keeps its stamps in the process and leaves it at 0.
ALTER TABLE tenants ADD COLUMN write_stamp BIGINT NOT NULL DEFAULT 0;
