-- wrk script: POST one chat request (GW_BODY, or a short two-message chat) with an optional bearer key
-- (GW_KEY); prints one machine-readable line with latency percentiles in microseconds.
local body = os.getenv("GW_BODY")
if body == nil or body == "" then
  body = '{"model":"fake-model","max_tokens":16,"messages":[{"role":"system","content":"You are a helpful ' ..
         'assistant."},{"role":"user","content":"What is the capital of France? Answer in one sentence."}]}'
end
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("GW_KEY")
if key ~= nil and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("AWRESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
