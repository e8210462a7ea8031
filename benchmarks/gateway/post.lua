-- wrk script: POST chat requests with an optional bearer key (GW_KEY). The system prompt is the same on every
-- request and the user's question differs (a counter in it), as in an application's real traffic: no cache
-- can answer the user's text from an earlier request. Prints one machine-readable line with latency
-- percentiles in microseconds.
local head = '{"model":"fake-model","max_tokens":16,"messages":[{"role":"system","content":"You are a helpful ' ..
             'assistant."},{"role":"user","content":"What is the capital of country number '
local tail = '? Answer in one sentence."}]}'
local counter = 0
local key = os.getenv("GW_KEY")
local headers = {["Content-Type"] = "application/json"}
if key ~= nil and key ~= "" then
  headers["Authorization"] = "Bearer " .. key
end

request = function()
  counter = counter + 1
  return wrk.format("POST", nil, headers, head .. counter .. tail)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("AWRESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
