-- GET one LIFE POS workplace chosen at random from the BENCH_ROWS the scenario loaded
-- (bench/scenarios/uncached_get.py), so that a test suite's pattern — many entities, each read
-- seldom — is measured rather than one entity read again and again. Workplace n (1…BENCH_ROWS) has
-- the guid BENCH_GUID_PREFIX followed by n in 12 digits.
-- Env: BENCH_ORG, BENCH_KEY, BENCH_TENANT, BENCH_ROWS, BENCH_GUID_PREFIX.
local base = "/lifepos/v6/orgs/" .. os.getenv("BENCH_ORG") .. "/workplaces/" .. os.getenv("BENCH_GUID_PREFIX")
local rows = tonumber(os.getenv("BENCH_ROWS"))
local headers = {
  ["Accept-Language"] = "ru-RU",
  ["X-LP-Client-Identifier"] = "bench",
  ["X-LP-Client-Type"] = "Service",
  ["Authorization"] = os.getenv("BENCH_KEY"),
  ["X-Emulator-Tenant"] = os.getenv("BENCH_TENANT"),
}
math.randomseed(os.time())

counts = {}

function request()
  return wrk.format("GET", base .. string.format("%012d", math.random(rows)), headers)
end

function response(status)
  counts[status] = (counts[status] or 0) + 1
end
