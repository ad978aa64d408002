// Replaces the webjar's initializer, which loads the Petstore spec from the internet.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // The default shows a badge fetched from validator.swagger.io; this page must work offline.
    validatorUrl: null,
    displayRequestDuration: true,
    // Browsers refuse a body on GET. GET .../offsets also takes ?topic=&partition= pairs, so the
    // page sends those and leaves the body (for REST Proxy clients) out.
    requestInterceptor: function (request) {
      if (request.method === "GET" || request.method === "HEAD") {
        delete request.body;
      }
      return request;
    },
  });
};
