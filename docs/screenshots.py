"""Screenshots of the report for the README: one article page and the timeline, in headless Chromium.

    .venv/bin/zhnews run corpus --out outputs && .venv/bin/zhnews report outputs
    .venv/bin/python docs/screenshots.py outputs/report

Chinese text needs a CJK font on the machine (Debian: fonts-noto-cjk).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

DOCS = Path(__file__).resolve().parent
ARTICLE = "2025-08-qinghe-robotics-acquires-zhixing-vision.txt"


def main(site: Path) -> None:
    import pandas as pd

    documents = pd.read_csv(site.parent / "documents.csv", encoding="utf-8-sig", dtype=str)
    doc_id = documents.loc[documents.path == ARTICLE, "doc_id"].iloc[0]
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,820"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        driver.get((site / "articles" / f"{doc_id}.html").resolve().as_uri())
        # hover the first person so the card (rule_id, canonical name, entity link) is in the picture
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By
        person = driver.find_element(By.CSS_SELECTOR, "#article .k-mention.l-PERSON")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", person)
        ActionChains(driver).move_to_element(person).perform()
        driver.save_screenshot(str(DOCS / "report-article.png"))
        driver.get((site / "timeline.html").resolve().as_uri())
        driver.save_screenshot(str(DOCS / "report-timeline.png"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "outputs/report"))
