// Mark the body as JavaScript-enabled the way GOV.UK's page template does; components
// enhance only where the browser supports ES modules (progressive enhancement).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
