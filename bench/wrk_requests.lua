-- wrk script for bench/callback.py.
-- Arguments after `--`: pool file, thread count, connections per thread, reply marker, minimum reply length.
-- Pool file: one delivery per line, "<path?query>\t<body>", each with its own MsgId.
-- Each thread sends its own slice of the pool (line n goes to thread n % threads), so no delivery is
-- sent twice: a repeated MsgId would be answered from the dedup table instead of the full pipeline.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[2])
  margin, marker, min_len = tonumber(args[3]), args[4], tonumber(args[5])
  reqs, issued, ok, wrong, bad_status, overrun, exhausted = {}, 0, 0, 0, 0, 0, 0
  local headers = {["Content-Type"] = "text/xml"}
  local n = 0
  for line in io.lines(args[1]) do
    if n % nthreads == id then
      local target, body = line:match("^([^\t]*)\t(.*)$")
      table.insert(reqs, wrk.format("POST", target, headers, body))
    end
    n = n + 1
  end
end

function request()
  issued = issued + 1
  if issued > #reqs then
    -- Never reuse a delivery: this path answers 404, so an overrun shows up as errors.
    overrun = overrun + 1
    return wrk.format("GET", "/bench-pool-overrun")
  end
  return reqs[issued]
end

function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif #body >= min_len and body:find(marker, 1, true) then
    ok = ok + 1
  else
    wrong = wrong + 1
  end
  -- Each connection may still ask for one request after stop(), hence the margin.
  if issued + margin >= #reqs then
    exhausted = 1
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local totals = {ok = 0, wrong = 0, bad_status = 0, issued = 0, overrun = 0, exhausted = 0}
  for _, thread in ipairs(threads) do
    for name, value in pairs(totals) do
      totals[name] = value + thread:get(name)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "socket_errors": %d, '
      .. '"ok": %d, "wrong": %d, "bad_status": %d, "issued": %d, "overrun": %d, "exhausted": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout,
    totals.ok, totals.wrong, totals.bad_status, totals.issued, totals.overrun, totals.exhausted))
end
