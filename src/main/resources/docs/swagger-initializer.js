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
  });
};
