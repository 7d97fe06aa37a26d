-- wrk script: POSTs one prepared JSON upload body over and over and counts response statuses.
--
-- Environment:
--   BENCH_BODY   path of the request body file (required)
--   BENCH_TOKEN  bearer token; no Authorization header is sent when it is empty
--
-- done() prints one line that the shell scripts parse:
--   RESULT requests=... seconds=... rps=... body_bytes=... body_mb_per_s=... status_2xx=...
--          non_2xx=... socket_errors=... connect=... read=... write=... timeout=... statuses=...
-- body_mb_per_s counts request body bytes sent per second, in MB (10^6 bytes).

local body_path = os.getenv("BENCH_BODY")
if body_path == nil or body_path == "" then
   error("BENCH_BODY must name the request body file")
end
local file = assert(io.open(body_path, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token ~= nil and token ~= "" then
   wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   statuses = {}
end

function response(status, headers, response_body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local merged = {}
   for _, thread in ipairs(threads) do
      local counts = thread:get("statuses")
      for status, count in pairs(counts) do
         merged[status] = (merged[status] or 0) + count
      end
   end

   local ok, other = 0, 0
   local listed = {}
   for status, count in pairs(merged) do
      if status >= 200 and status < 300 then
         ok = ok + count
      else
         other = other + count
      end
      table.insert(listed, status .. ":" .. count)
   end
   table.sort(listed)

   local errors = summary.errors
   local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
   local seconds = summary.duration / 1e6
   local rps = summary.requests / seconds
   io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.1f body_bytes=%d body_mb_per_s=%.1f status_2xx=%d non_2xx=%d "
         .. "socket_errors=%d connect=%d read=%d write=%d timeout=%d statuses=%s\n",
      summary.requests, seconds, rps, #body, rps * #body / 1e6, ok, other,
      socket_errors, errors.connect, errors.read, errors.write, errors.timeout,
      #listed > 0 and table.concat(listed, ",") or "none"))
end
