/* Start Swagger UI on the OpenAPI document named by the page (no inline script: CSP). */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    domNode: node,
    deepLinking: true,
    persistAuthorization: false,
  });
})();
