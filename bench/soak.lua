-- wrk script for bench/soak.sh: a fixed mix of uploads and reads, with status counts per kind.
--
-- Environment:
--   SOAK_USERS        file with one line per user: "<access token> <avatar file id> <CV file id>"
--   SOAK_AVATAR_BODY  JSON upload body for POST /api/v1/user-operations/avatar
--   SOAK_CV_BODY      JSON upload body for POST /api/v1/user-operations/cv
--
-- Run it with as many wrk threads as connections. wrk does not tell response() which request a
-- response belongs to. Each thread therefore has a single connection, which waits for its
-- response before wrk calls request() again, so each response is of the kind requested last.
--
-- done() prints one KIND line per request kind and one RESULT line that bench/soak.sh parses:
--   KIND <kind> requests=... rps=... statuses=<status>:<count>,...
--   RESULT requests=... seconds=... rps=... status_2xx=... non_2xx=... status_5xx=...
--          socket_errors=... connect=... read=... write=... timeout=... statuses=...

local function read_file(path, variable)
   if path == nil or path == "" then
      error(variable .. " must name a file")
   end
   local file = assert(io.open(path, "rb"))
   local content = file:read("*a")
   file:close()
   return content
end

local users = {}
for line in read_file(os.getenv("SOAK_USERS"), "SOAK_USERS"):gmatch("[^\n]+") do
   local token, avatar_id, cv_id = line:match("^(%S+) (%d+) (%d+)$")
   if token == nil then
      error("SOAK_USERS: expected '<token> <avatar id> <cv id>', got: " .. line)
   end
   table.insert(users, { token = token, avatar_id = avatar_id, cv_id = cv_id })
end
if #users == 0 then
   error("SOAK_USERS lists no users")
end
local avatar_body = read_file(os.getenv("SOAK_AVATAR_BODY"), "SOAK_AVATAR_BODY")
local cv_body = read_file(os.getenv("SOAK_CV_BODY"), "SOAK_CV_BODY")

-- Request kinds in the order of the printed report.
local kinds = { "avatar_upload", "cv_upload", "profile", "avatar_metadata", "avatar_content", "cv_content" }

-- Each connection repeats this cycle of ten requests: 3 avatar uploads, 3 CV uploads and 4 reads.
local cycle = {
   "avatar_upload", "cv_upload", "profile",
   "avatar_upload", "cv_upload", "avatar_metadata",
   "avatar_upload", "cv_upload", "avatar_content", "cv_content",
}

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads)
   table.insert(threads, thread)
end

function init(args)
   local user = users[thread_number % #users + 1]
   local headers = {
      ["Host"] = wrk.headers["Host"],
      ["Authorization"] = "Bearer " .. user.token,
   }
   local upload_headers = {
      ["Host"] = wrk.headers["Host"],
      ["Authorization"] = "Bearer " .. user.token,
      ["Content-Type"] = "application/json",
   }
   -- Formatted once here, because a CV request is some hundreds of KiB, too much to build per request.
   prepared = {
      avatar_upload = wrk.format("POST", "/api/v1/user-operations/avatar", upload_headers, avatar_body),
      cv_upload = wrk.format("POST", "/api/v1/user-operations/cv", upload_headers, cv_body),
      profile = wrk.format("GET", "/api/v1/profile", headers),
      avatar_metadata = wrk.format("GET", "/api/v1/user-operations/avatar", headers),
      avatar_content = wrk.format("GET", "/api/v1/files/" .. user.avatar_id .. "/content", headers),
      cv_content = wrk.format("GET", "/api/v1/files/" .. user.cv_id .. "/content", headers),
   }
   -- Threads start at different points of the cycle, so that they do not all upload at once.
   position = thread_number % #cycle
   current = nil
   statuses = {}
end

function request()
   position = position % #cycle + 1
   current = cycle[position]
   return prepared[current]
end

function response(status, headers, body)
   -- Counts go under "<kind>:<status>" keys of one flat table, which done() reads with thread:get.
   local key = current .. ":" .. status
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
   local per_kind = {}
   local ok, other, server_errors = 0, 0, 0
   local merged = {}
   for _, thread in ipairs(threads) do
      for key, count in pairs(thread:get("statuses")) do
         local kind, status = key:match("^(.+):(%d+)$")
         status = tonumber(status)
         per_kind[kind] = per_kind[kind] or { requests = 0, statuses = {} }
         per_kind[kind].requests = per_kind[kind].requests + count
         per_kind[kind].statuses[status] = (per_kind[kind].statuses[status] or 0) + count
         merged[status] = (merged[status] or 0) + count
         if status >= 200 and status < 300 then
            ok = ok + count
         else
            other = other + count
         end
         if status >= 500 then
            server_errors = server_errors + count
         end
      end
   end

   local function list_statuses(counts)
      local listed = {}
      for status, count in pairs(counts) do
         table.insert(listed, status .. ":" .. count)
      end
      table.sort(listed)
      return #listed > 0 and table.concat(listed, ",") or "none"
   end

   local seconds = summary.duration / 1e6
   for _, kind in ipairs(kinds) do
      local counts = per_kind[kind] or { requests = 0, statuses = {} }
      io.write(string.format("KIND %s requests=%d rps=%.1f statuses=%s\n", kind, counts.requests,
         counts.requests / seconds, list_statuses(counts.statuses)))
   end

   local errors = summary.errors
   local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
   io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.1f status_2xx=%d non_2xx=%d status_5xx=%d "
         .. "socket_errors=%d connect=%d read=%d write=%d timeout=%d statuses=%s\n",
      summary.requests, seconds, summary.requests / seconds, ok, other, server_errors,
      socket_errors, errors.connect, errors.read, errors.write, errors.timeout, list_statuses(merged)))
end
