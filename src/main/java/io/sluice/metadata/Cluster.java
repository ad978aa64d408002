package io.sluice.metadata;

import io.sluice.config.Settings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The Kafka cluster as one shared Admin client reads it: its groups and its topics. */
public final class Cluster implements AutoCloseable {
  private final Admin admin;
  private final Groups groups;
  private final Topics topics;

  public Cluster(Settings settings) {
    Map<String, Object> config = new HashMap<>(settings.kafkaCommon());
    config.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers().orElseThrow());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-metadata");
    this.admin = Admin.create(config);
    this.groups = new Groups(admin);
    this.topics = new Topics(admin);
  }

  public Groups groups() {
    return groups;
  }

  public Topics topics() {
    return topics;
  }

  @Override
  public void close() {
    admin.close();
  }
}
