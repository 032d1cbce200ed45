// "Print this page" on the overdue review: shown only when JavaScript runs (the button starts hidden).
for (const button of document.querySelectorAll('[data-module="plan-print-button"]')) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
