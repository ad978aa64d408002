package io.sluice.schema;

/**
 * The Avro schema and records the schema ITs share: an order with a union, an enum and a record.
 */
final class Orders {
  static final String ORDER =
      """
      {"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "id", "type": "long"},
        {"name": "note", "type": ["null", "string"], "default": null},
        {"name": "status", "type": {"type": "enum", "name": "Status",
                                    "symbols": ["NEW", "PAID", "SHIPPED"]}},
        {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
          {"name": "name", "type": "string"},
          {"name": "vip", "type": "boolean"}]}}]}
      """;
  static final String PAID_ORDER =
      """
      {"id": 1, "note": {"string": "leave at the door"}, "status": "PAID",
       "customer": {"name": "Ada", "vip": true}}
      """;
  static final String NEW_ORDER =
      """
      {"id": 2, "note": null, "status": "NEW", "customer": {"name": "Grace", "vip": false}}
      """;

  private Orders() {}
}
