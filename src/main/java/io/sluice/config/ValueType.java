package io.sluice.config;

import java.net.URI;
import java.net.URISyntaxException;

/** How a setting's text is checked; {@link #problem} answers what is allowed, or null if fine. */
enum ValueType {
  TEXT {
    @Override
    String problem(String value) {
      return null;
    }
  },
  BOOLEAN {
    @Override
    String problem(String value) {
      return value.equals("true") || value.equals("false") ? null : "true or false";
    }
  },
  PORT {
    @Override
    String problem(String value) {
      Long n = parse(value);
      return n != null && n >= 0 && n <= 65535 ? null : "a port number from 0 to 65535";
    }
  },
  MILLIS {
    @Override
    String problem(String value) {
      Long n = parse(value);
      return n != null && n >= 0 ? null : "a whole number of milliseconds, 0 or more";
    }
  },
  POSITIVE_MILLIS {
    @Override
    String problem(String value) {
      Long n = parse(value);
      return n != null && n > 0 ? null : "a whole number of milliseconds, 1 or more";
    }
  },
  POSITIVE_LONG {
    @Override
    String problem(String value) {
      Long n = parse(value);
      return n != null && n > 0 ? null : "a whole number, 1 or more";
    }
  },
  LOG_FORMAT {
    @Override
    String problem(String value) {
      return value.equals("text") || value.equals("json") ? null : "text or json";
    }
  },
  AUTH_MODE {
    @Override
    String problem(String value) {
      return oneOf(value, "none", "basic", "bearer", "mtls");
    }
  },
  TLS_CLIENT_AUTH {
    @Override
    String problem(String value) {
      return oneOf(value, "none", "want", "need");
    }
  },
  SASL_MECHANISM {
    @Override
    String problem(String value) {
      return oneOf(value, "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    }
  },
  URL_LIST {
    @Override
    String problem(String value) {
      if (value.isEmpty()) {
        return null;
      }
      for (String url : value.split(",", -1)) {
        URI uri = httpUrl(url.trim());
        if (uri == null) {
          return "comma-separated absolute http(s) URLs such as http://registry:8081";
        }
        if (uri.getRawUserInfo() != null) {
          return "URLs without user:password@ (set schema.registry.basic.auth.user.info)";
        }
      }
      return null;
    }
  },
  URL {
    @Override
    String problem(String value) {
      if (value.isEmpty()) {
        return null;
      }
      try {
        URI uri = new URI(value);
        return uri.getScheme() != null && uri.getHost() != null
            ? null
            : "an absolute http(s) URL such as https://sluice.example.com";
      } catch (URISyntaxException e) {
        return "an absolute http(s) URL such as https://sluice.example.com";
      }
    }
  };

  /** What the value should have been, or null when the value is acceptable. */
  abstract String problem(String value);

  private static String oneOf(String value, String... allowed) {
    return java.util.Arrays.asList(allowed).contains(value) ? null : String.join(", ", allowed);
  }

  private static URI httpUrl(String value) {
    try {
      URI uri = new URI(value);
      boolean http =
          "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static Long parse(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
