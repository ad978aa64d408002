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
