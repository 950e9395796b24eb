// Starts Swagger UI on the document named by the container's data-url (no inline script: CSP).
const container = document.getElementById('swagger-ui');
window.SwaggerUIBundle({ url: container.dataset.url, domNode: container });
