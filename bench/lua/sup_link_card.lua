-- СУП: link a card to the bench employee, a fresh X-Nonce on every request. Request n takes card
-- n of the pool the scenario loaded (customIdCard BENCH_CARD_PREFIX .. n, 13 digits), wrapping
-- round, so every request is a real link (or, after a wrap, a re-link that answers 200 too).
-- Env: BENCH_TOKEN (the JWT), BENCH_TENANT, BENCH_EMPLOYEE, BENCH_CARDS (pool size),
-- BENCH_CARD_PREFIX.
local path = "/sup/v1/employee/" .. os.getenv("BENCH_EMPLOYEE") .. "/link_card"
local pool = tonumber(os.getenv("BENCH_CARDS"))
local prefix = os.getenv("BENCH_CARD_PREFIX")
local width = 13 - #prefix
local run = os.getenv("BENCH_TENANT") .. "-" .. tostring(os.time())
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  ["X-Emulator-Tenant"] = os.getenv("BENCH_TENANT"),
}

function make_write(n)
  local card = prefix .. string.format("%0" .. width .. "d", (n - 1) % pool)
  headers["X-Nonce"] = "bench-" .. run .. "-" .. n
  return wrk.format("POST", path, headers, '{"customIdCard":"' .. card .. '","statusCard":"ADDITIONAL"}')
end

function ok_id(body)
  return body:match('"idCard":"([^"]+)"')
end
