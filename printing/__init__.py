"""Documents the counter issues (reportlab): receipts, notices, vouchers; fonts; printer dispatch. No Qt."""
