// The GOV.UK error summary pattern: when a form comes back with errors, focus moves to the summary at the top of the
// page, so a screen reader reads "There is a problem" and the list of links to the fields at once.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
