// The "Print" button on the interview briefs.
document.querySelectorAll("[data-btb-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
