package io.sluice.support;

import io.swagger.v3.oas.models.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Swagger UI at a gateway's {@code /docs}, used as a person uses it, in a {@link Chromium}. An
 * operation is found by Swagger UI's element id for it, {@code operations-{tag}-{operationId}}.
 */
public final class SwaggerUi {
  private final Chromium chromium;

  public SwaggerUi(Chromium chromium) {
    this.chromium = chromium;
  }

  /** Loads the page afresh (no authorization kept) and waits for every operation to render. */
  public void open(TestGateway gateway) {
    chromium.open(gateway.baseUri() + "/docs");
    int operations = operationElementIds().size();
    chromium.await(d -> d.findElements(By.cssSelector(".opblock")).size() == operations);
  }

  /** The element id of the operation with this operationId, whatever its tag. */
  public static String operation(String operationId) {
    return operationElementIds().stream()
        .filter(id -> id.endsWith("-" + operationId))
        .findFirst()
        .orElseThrow();
  }

  /** Swagger UI's element ids of the spec's operations. */
  public static List<String> operationElementIds() {
    List<String> ids = new ArrayList<>();
    Contract.api()
        .getPaths()
        .values()
        .forEach(
            item -> {
              for (Operation operation : item.readOperations()) {
                ids.add(
                    "operations-" + operation.getTags().get(0) + "-" + operation.getOperationId());
              }
            });
    return ids;
  }

  /**
   * Authorizes with the basicAuth scheme as a person does: Authorize, user name and password in the
   * basicAuth form, its Authorize, then Close. Later requests carry these credentials until the
   * page is loaded again or {@link #logOut()}.
   */
  public void authorizeBasic(String user, String password) {
    WebElement form = basicAuthForm();
    form.findElement(By.id("auth-basic-username")).sendKeys(user);
    form.findElement(By.id("auth-basic-password")).sendKeys(password);
    form.findElement(By.cssSelector("button.authorize")).click();
    chromium.await(d -> form.findElement(By.cssSelector("[aria-label='Remove authorization']")));
    closeDialog(form);
    chromium.await(d -> d.findElement(By.cssSelector(".auth-wrapper .btn.authorize.locked")));
  }

  /** Logs out of the basicAuth scheme (Authorize, Logout, Close): requests carry nothing again. */
  public void logOut() {
    WebElement form = basicAuthForm();
    form.findElement(By.cssSelector("[aria-label='Remove authorization']")).click();
    chromium.await(d -> form.findElement(By.id("auth-basic-username")));
    closeDialog(form);
    chromium.await(d -> d.findElement(By.cssSelector(".auth-wrapper .btn.authorize.unlocked")));
  }

  /** Opens the Authorize dialog; answers its basicAuth form (each scheme has its own). */
  private WebElement basicAuthForm() {
    chromium.driver().findElement(By.cssSelector(".auth-wrapper .btn.authorize")).click();
    return chromium.await(
        d ->
            d.findElements(By.cssSelector(".dialog-ux .auth-container")).stream()
                .filter(container -> container.getText().contains("basicAuth"))
                .findFirst()
                .orElse(null));
  }

  private void closeDialog(WebElement form) {
    form.findElement(By.cssSelector("button.btn-done")).click();
    chromium.await(d -> d.findElements(By.cssSelector(".dialog-ux")).isEmpty());
  }

  /** Expands the operation, presses Try it out, fills these parameters and executes it. */
  public WebElement tryItOut(String operation, Map<String, String> parameters) {
    WebElement block = chromium.await(d -> d.findElement(By.id(operation)));
    block.findElement(By.cssSelector(".opblock-summary-control")).click();
    chromium.await(d -> block.findElement(By.cssSelector(".try-out__btn"))).click();
    parameters.forEach(
        (name, value) -> {
          WebElement input =
              chromium.await(
                  d ->
                      block.findElement(
                          By.cssSelector("tr[data-param-name='" + name + "'] input")));
          input.clear();
          input.sendKeys(value);
        });
    execute(block);
    return block;
  }

  /** Presses Execute on an operation already tried out, sending its request again. */
  public void execute(WebElement operation) {
    operation.findElement(By.cssSelector("button.execute")).click();
  }

  /**
   * Clears the answer the operation shows, then executes it again: {@link #status} then shows the
   * new answer, never the one before.
   */
  public void clearAndExecute(WebElement operation) {
    operation.findElement(By.cssSelector("button.btn-clear")).click();
    chromium.await(d -> operation.findElements(By.cssSelector(".live-responses-table")).isEmpty());
    execute(operation);
  }

  /** The status of the answer Swagger UI shows for this operation, once it shows one. */
  public String status(WebElement operation) {
    WebElement status =
        chromium.await(
            d ->
                operation.findElement(
                    By.cssSelector(".live-responses-table .response .response-col_status")));
    chromium.script("arguments[0].scrollIntoView({block: 'center'})", status);
    return status.getText().trim();
  }

  /**
   * The body of the answer Swagger UI shows for this operation (empty while it shows none), as text
   * even where the page has not scrolled it into view.
   */
  public String answerBody(WebElement operation) {
    return operation
        .findElements(By.cssSelector(".live-responses-table .response .response-col_description"))
        .stream()
        .map(cell -> cell.getAttribute("textContent"))
        .findFirst()
        .orElse("");
  }
}
