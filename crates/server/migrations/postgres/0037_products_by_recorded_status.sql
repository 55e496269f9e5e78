-- R-RENEW-8's job (`record_product_status`, every minute) looks only for the products whose
-- state may have changed: active and expired, blocked past the grace period, blocked and
-- renewed. Without this index each run read every product (BENCHMARKS.md, load).
CREATE INDEX products_by_recorded_status ON products (recorded_status, expired_at);
