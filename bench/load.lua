-- wrk script for the load benchmarks (bench/harness.py): every request takes the next path from a list (one
-- per line in the file given after "--"), so the connections ask for varied pages instead
-- of one cached URL. Counts non-2xx answers and prints one JSON line at the end.
--
--   wrk -t2 -c16 -d30s -s bench/load.lua http://127.0.0.1:8790 -- paths.txt

local threads = {}

function setup(thread)
  thread:set("offset", #threads * 13)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  counter = offset
  non_2xx = 0
  wrk.headers["Accept-Encoding"] = "gzip, br"
  wrk.headers["Accept-Language"] = "de"
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("non_2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'load_result {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"non_2xx": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, failed,
    errors.connect + errors.read + errors.write, errors.timeout
  ))
end
