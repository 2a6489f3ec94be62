-- wrk script: POST /api/v1/authz/check for Finance Reviewer case 1 (Alice, invoice_001, approve).
-- The bearer token comes from the TOKEN environment variable (bench/run.sh logs in first).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"actor":{"user_id":"user_alice","member_id":"member_finance_reviewer",' ..
           '"user_member_id":"um_alice_finance_reviewer","space_id":"space_acme"},' ..
           '"resource_type":"invoice","resource_id":"invoice_001","action":"approve"}'

