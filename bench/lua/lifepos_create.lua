-- LIFE POS: create a workplace without `number` (the emulator picks the next free one).
-- Env: BENCH_ORG, BENCH_TENANT.
local path = "/lifepos/v6/orgs/" .. os.getenv("BENCH_ORG") .. "/workplaces"
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept-Language"] = "ru-RU",
  ["X-LP-Client-Identifier"] = "bench",
  ["X-LP-Client-Type"] = "Service",
  ["Authorization"] = "demo-lifepos-api-key",
  ["X-Emulator-Tenant"] = os.getenv("BENCH_TENANT"),
}

function make_write(n)
  return wrk.format("POST", path, headers, string.format('{"workplace_type":"Mobile","name":"bench %d"}', n))
end

function ok_id(body)
  return body:match('"guid":"([^"]+)"') -- the workplace's own guid comes before its organization's
end
