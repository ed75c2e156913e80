/* The phone header's menu. Without JavaScript, "Menu" is a link to the menu
 * (#site-menu), which the stylesheet shows when it is the target. Here the link
 * becomes a real button: it says whether the menu is open (aria-expanded), names
 * what it controls, and Escape closes the menu and puts the focus back on it.
 * On wider screens the stylesheet hides the button and always shows the menu. */
(function () {
  "use strict";

  var menu = document.querySelector("[data-site-menu]");
  var link = document.querySelector("[data-site-menu-open]");
  if (!menu || !link) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "site-menu__button";
  button.textContent = link.textContent;
  // The button opens and closes the menu from now on, not an address ending in #site-menu.
  menu.id = "site-menu-panel";
  button.setAttribute("aria-controls", menu.id);
  button.setAttribute("aria-expanded", "false");
  link.replaceWith(button);

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("site-menu--open", open);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
