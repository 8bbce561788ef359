-- wrk script for bench/router-learn.sh: the first `want` requests carry no cookie, so the backend creates a
-- session and the proxy must learn its JSESSIONID from the response; every later request sends one of the
-- learned JSESSIONIDs, round-robin, so the proxy routes by its learned table.
local sessions, want, asked, i = {}, 200, 0, 0

request = function()
  if asked < want or #sessions == 0 then
    asked = asked + 1
    return wrk.format("GET", "/")
  end
  i = i % #sessions + 1
  return wrk.format("GET", "/", { Cookie = sessions[i] })
end

response = function(status, headers, body)
  local c = headers["Set-Cookie"] or headers["set-cookie"]
  if c and #sessions < want then
    sessions[#sessions + 1] = c:match("^(JSESSIONID=[^;]*)")
  end
end
