-- The shared half of the write scripts (bench/scenarios/writes.py puts it after one of them).
-- Writes go out for BENCH_WRITE_SECONDS; after that every connection sends GET /bench-drain
-- instead (a path no router has: an empty 404 that touches no database) until wrk stops, so each
-- write in flight gets its answer and none is cut off when wrk closes its connections. (A request
-- its client drops while it waits for the database is cancelled by the server, and one cancelled
-- at the wrong moment can leave its pooled connection inside a transaction: see src/db/mod.rs.) The scenario script defines
-- `make_write(n)` → the n-th request, and `ok_id(body)` → the id in a 200 answer.
-- Env: BENCH_WRITE_SECONDS, BENCH_IDS (file receiving the id of every 200).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

counts, sent = {}, 0
local ids = io.open(os.getenv("BENCH_IDS"), "a")
ids:setvbuf("line")
local write_seconds = tonumber(os.getenv("BENCH_WRITE_SECONDS"))
local deadline, drain

function request()
  local t = now()
  deadline = deadline or t + write_seconds
  if t >= deadline then
    drain = drain or wrk.format("GET", "/bench-drain", {})
    return drain
  end
  sent = sent + 1
  return make_write(sent)
end

function response(status, headers, body)
  if status == 404 and body == "" then
    return -- the drain's answer (every vendor's own 404 has a body)
  end
  counts[status] = (counts[status] or 0) + 1
  if status == 200 then
    ids:write(ok_id(body) or "?", "\n")
  end
end
