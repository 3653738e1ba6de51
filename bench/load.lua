-- wrk script for bench/load.py: each request POSTs the survey form with one CSRF cookie and token, as a browser
-- behind the TLS proxy would (X-Forwarded-Proto and Origin); a 302 (to the thank-you page) is a success.
--
-- Arguments after "--": mode ("survey" or "floor"), token file prefix, form body, CSRF cookie, origin.
-- In survey mode each wrk thread reads its own slice of single-use links from "<prefix>-<thread>.txt" and spends
-- one per request; if a slice runs out it repeats its last link (answered meanwhile: not a 302, so it counts as an
-- error and bench/load.py reports the shortage).

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

function init(args)
   mode, prefix, body = args[1], args[2], args[3]
   headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. args[4],
      ["Origin"] = args[5],
      ["X-Forwarded-Proto"] = "https",
   }
   tokens = {}
   if mode == "survey" then
      for line in io.lines(prefix .. "-" .. id .. ".txt") do
         tokens[#tokens + 1] = line
      end
   end
   position, issued, found, other, exhausted = 0, 0, 0, 0, 0
end

function request()
   local path = "/bench/floor/"
   if mode == "survey" then
      if position < #tokens then
         position = position + 1
      else
         exhausted = exhausted + 1
      end
      path = "/s/" .. tokens[position] .. "/"
   end
   issued = issued + 1
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   if status == 302 then
      found = found + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local issued, found, other, exhausted, used = 0, 0, 0, 0, {}
   for _, thread in ipairs(threads) do
      issued = issued + thread:get("issued")
      found = found + thread:get("found")
      other = other + thread:get("other")
      exhausted = exhausted + thread:get("exhausted")
      used[#used + 1] = tostring(thread:get("position"))
   end
   local e = summary.errors
   io.write(string.format(
      'LOAD-RESULT {"duration_us": %d, "requests": %d, "issued": %d, "found": %d, "other_status": %d, '
         .. '"exhausted": %d, "tokens_used_per_thread": [%s], "connect_errors": %d, "read_errors": %d, '
         .. '"write_errors": %d, "timeouts": %d, "status_errors": %d, "latency_p50_us": %d, "latency_p90_us": %d, '
         .. '"latency_p99_us": %d, "latency_max_us": %d}\n',
      summary.duration, summary.requests, issued, found, other, exhausted, table.concat(used, ", "), e.connect,
      e.read, e.write, e.timeout, e.status, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max))
end
