package io.sluice.consumer;

import io.sluice.config.Settings;
import java.util.Collection;

/**
 * Whether one more instance may be created: a second holder of a static member id in its group is
 * refused (the two would fence each other), and so is one too many for the gateway or for its
 * owner. Called under the registry's lock with the live instances.
 */
final class Admission {
  private final int maxInstances;
  private final int maxInstancesPerOwner;

  Admission(Settings settings) {
    this.maxInstances = settings.maxInstances();
    // Without authentication everyone is the same principal: the gateway-wide limit is the limit.
    this.maxInstancesPerOwner =
        settings.security().enabled()
            ? settings.security().maxInstancesPerPrincipal()
            : Integer.MAX_VALUE;
  }

  /** Throws the {@link ConsumerException} that refuses {@code spec} for {@code owner}, if any. */
  void check(ConsumerSpec spec, Owner owner, Collection<ConsumerInstance> live) {
    spec.groupInstanceId().ifPresent(staticId -> refuseSecondStaticMember(spec, staticId, live));
    if (live.size() >= maxInstances) {
      throw new ConsumerException(
          ConsumerException.Kind.TOO_MANY_INSTANCES,
          "Too many consumer instances: this gateway holds at most "
              + maxInstances
              + "; delete unused instances or raise consumer.max.instances");
    }
    long owned = live.stream().filter(instance -> instance.owner().equals(owner.name())).count();
    if (owned >= maxInstancesPerOwner) {
      throw new ConsumerException(
          ConsumerException.Kind.TOO_MANY_INSTANCES,
          owner.name()
              + " holds "
              + owned
              + " consumer instances, the most one principal may hold; delete unused instances or"
              + " raise auth.max.instances.per.principal");
    }
  }

  private static void refuseSecondStaticMember(
      ConsumerSpec spec, String staticId, Collection<ConsumerInstance> live) {
    for (ConsumerInstance instance : live) {
      if (instance.group().equals(spec.group())
          && instance.groupInstanceId().filter(staticId::equals).isPresent()) {
        throw new ConsumerException(
            ConsumerException.Kind.STATIC_MEMBER_CONFLICT,
            "Consumer instance "
                + instance.id()
                + " already holds group.instance.id "
                + staticId
                + " in group "
                + spec.group()
                + "; two members with one static id would fence each other. Delete that instance"
                + " first, or choose another group.instance.id");
      }
    }
  }
}
