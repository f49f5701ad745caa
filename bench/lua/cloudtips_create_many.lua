-- CloudTips: create one receiver per request at place-1, each with a phone no request used
-- before (+7950 and seven digits of the request's number).
-- Env: BENCH_TOKEN (access token), BENCH_TENANT.
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  ["X-Emulator-Tenant"] = os.getenv("BENCH_TENANT"),
}

function make_write(n)
  return wrk.format("POST", "/cloudtips/api/receivers/create-many", headers, string.format(
    '{"placeId":"place-1","receivers":[{"phoneNumber":"+7950%07d","name":"Bench %d"}]}', n, n))
end

function ok_id(body)
  return body:match('"userId":"([^"]+)"')
end
