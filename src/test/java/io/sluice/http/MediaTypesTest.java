package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.format.EmbeddedFormat;
import org.junit.jupiter.api.Test;

class MediaTypesTest {
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";

  @Test
  void missingOrWildcardAcceptMeansTheInstanceFormat() {
    assertThat(MediaTypes.forRecords(EmbeddedFormat.JSON, null)).isEqualTo(JSON);
    assertThat(MediaTypes.forRecords(EmbeddedFormat.JSON, "*/*")).isEqualTo(JSON);
    assertThat(MediaTypes.forRecords(EmbeddedFormat.JSON, "application/*")).isEqualTo(JSON);
    assertThat(MediaTypes.forRecords(EmbeddedFormat.BINARY, "application/vnd.kafka.v2+json"))
        .isEqualTo(BINARY);
  }

  @Test
  void matchingEmbeddedFormatIsAccepted() {
    assertThat(MediaTypes.forRecords(EmbeddedFormat.BINARY, BINARY)).isEqualTo(BINARY);
  }

  @Test
  void listsAreSearchedInQualityOrder() {
    assertThat(MediaTypes.forRecords(EmbeddedFormat.BINARY, JSON + ", " + BINARY + ";q=0.9"))
        .isEqualTo(BINARY);
    assertThat(MediaTypes.forRecords(EmbeddedFormat.JSON, "text/html;q=1, application/json;q=0.2"))
        .isEqualTo("application/json");
  }

  @Test
  void qualityZeroExcludesAType() {
    assertThatThrownBy(() -> MediaTypes.forRecords(EmbeddedFormat.BINARY, BINARY + ";q=0"))
        .isInstanceOfSatisfying(
            RequestException.class, e -> assertThat(e.errorCode()).isEqualTo(40601));
  }

  @Test
  void otherEmbeddedFormatIs40601() {
    assertThatThrownBy(() -> MediaTypes.forRecords(EmbeddedFormat.BINARY, JSON))
        .isInstanceOfSatisfying(
            RequestException.class,
            e -> {
              assertThat(e.status()).isEqualTo(406);
              assertThat(e.errorCode()).isEqualTo(40601);
              assertThat(e.getMessage()).contains("binary").contains(BINARY);
            });
  }

  @Test
  void jsonBodiesAreReadFromVendorPlainOrMissingContentType() {
    MediaTypes.requireJsonBody(null);
    MediaTypes.requireJsonBody("application/vnd.kafka.v2+json");
    MediaTypes.requireJsonBody("application/json; charset=UTF-8");
    MediaTypes.requireJsonBody("application/vnd.kafka.json.v2+json");

    assertThatThrownBy(() -> MediaTypes.requireJsonBody("application/x-www-form-urlencoded"))
        .isInstanceOfSatisfying(
            RequestException.class, e -> assertThat(e.errorCode()).isEqualTo(415));
  }
}
