-- Appended to every wrk script by bench/scenarios/lib.py: prints the run as one JSON line
-- ("BENCH_JSON {...}") so nothing has to be scraped from wrk's human output. Scenario scripts may
-- keep per-thread globals `counts` (responses by status) and `sent` (requests made).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local counts, sent = {}, 0
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    if c then
      for status, n in pairs(c) do
        counts[tostring(status)] = (counts[tostring(status)] or 0) + n
      end
    end
    sent = sent + (t:get("sent") or 0)
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%s":%d', status, n))
  end
  -- The p99 of the counted answers alone. A write script's drain answers (write_phase.lua) are
  -- not counted and are the fastest of all (an empty 404), so the slowest 1 % of the counted
  -- answers are the slowest (counted / all) % of every answer wrk timed.
  local counted = 0
  for _, n in pairs(counts) do
    counted = counted + n
  end
  local counted_p99 = latency:percentile(99)
  if counted > 0 and counted < summary.requests then
    counted_p99 = latency:percentile(100 - counted / summary.requests)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"sent":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"counted_p99":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, sent,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), counted_p99, table.concat(parts, ",")))
end
