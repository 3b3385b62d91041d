"""Whole-page pastes (issue 17): the shape of a line, where the article's text runs, comment
threads, bylines and dates, and what a book does with a page that holds no article.

The pages themselves are fixtures (tests/fixtures/text/paste-*.txt, read by test_readers.py);
these tests name the rules one by one.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest

from book import config
from book.articles import read_chapters
from book.readers.headwords import is_glued_menu, is_marker
from book.readers.lineshape import BLANK, CAPTION, MENU, META, NOTICE, PROSE, SHORT, shapes
from book.readers.page import find_article, find_text
from book.readers.plaintext import read
from book.readers.scraped import parse_date
from book.readers.shortlines import article_below_head, cards_after

PARAGRAPH = ("The council met on Tuesday evening to discuss the new plans for the harbour, and "
             "most of the people who spoke were in favour of them.")
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("line, kind", [
    (PARAGRAPH, PROSE),
    ("It rained all week, and nobody minded.", PROSE),
    ("Sport", MENU),
    ("Local Politics And Government", MENU),
    ("Five things to know before the long weekend", SHORT),
    ("March 3, 2025 at 9:12 pm", META),
    ("12 comments", META),
    ("Image 3 of 12", CAPTION),
    ("Photo: Jane Doe / Staff", CAPTION),
    ("We use cookies to improve your experience on our website.", NOTICE),
    ("© 2025 Example Media. All rights reserved.", NOTICE),
    ("Share on Facebook", NOTICE),
    ("* * *", BLANK),
    ("— Jane Doe (@janedoe) March 3, 2025", CAPTION),
    ("Stay up to date with the harbour news. Subscribe to our newsletter.", NOTICE),
    ("The council will vote on the harbour plans next week. Sign up for our newsletter.", NOTICE),
    ("The council will vote next week. Follow us on Twitter for updates.", PROSE),
])
def test_line_shapes(line: str, kind: str) -> None:
    assert shapes([line])[0].kind == kind


def test_a_line_the_page_shows_twice_is_a_caption_and_cjk_words_are_counted() -> None:
    first, second = shapes([PARAGRAPH, PARAGRAPH])
    assert first.kind == second.kind == CAPTION
    (japanese,) = shapes(["商標権侵害と判断される場合があります。これは長い文章の例です。"])
    assert japanese.kind == PROSE and japanese.words >= 10


def test_the_text_runs_across_a_heading_but_not_a_menu() -> None:
    menu = ["News", "Sport", "Weather", "Travel", "Contact", "Sign in"]
    second, third = PARAGRAPH.replace("Tuesday", "Monday"), PARAGRAPH.replace("Tuesday", "Friday")
    page = [*menu, PARAGRAPH, "What comes next", second, *menu, *menu, third]
    assert find_text(shapes(page)) == (6, 8)


def test_the_text_runs_across_an_embedded_post_and_its_dated_source() -> None:
    """An embedded post's source line ("— Jane Doe (@janedoe) March 3, 2025") is no teaser's
    date: the text goes on across it."""
    second, third = PARAGRAPH.replace("Tuesday", "Monday"), PARAGRAPH.replace("Tuesday", "Friday")
    page = ["News", "Sport", "Weather", PARAGRAPH, "See the post:", "The harbour plans pass.",
            "— Example Council (@examplecouncil) March 3, 2025", second, third, "About", "Contact"]
    assert find_text(shapes(page)) == (3, 8)


def test_a_comment_thread_gives_way_to_the_article_before_it() -> None:
    """Readers' comments are prose too, and here outweigh the short article; their dated
    headers, recurring every few lines, show them for a thread."""
    comment = ("I have been reading this site for years and this is one of the best pieces it "
               "has published, thank you for writing it and for the care you took with it.")
    page = ["Home", "News", "Sign in", "A short note on the harbour plans", "March 3, 2025",
            PARAGRAPH, "4 Comments"]
    for name in ("Ann", "Ben", "Cal", "Dee"):
        page += [f"{name} on March 4, 2025 at 9:12 pm said:", comment, comment, "Reply"]
    article = find_article(page)
    assert (article.headline, article.body, article.end) == (3, 5, 5)


@pytest.mark.parametrize("line, marker", [
    ("By Jane Doe", True),
    ("By Jane Doe | Special to the Example Times", True),
    ("Updated 9:14 am PDT, Saturday, May 10, 2025", True),
    ("2 hours ago", True),
    ("Publié le 12 mars 2025 à 08h15", True),
    ("Volunteers turn a closed rail yard into a garden", False),
    (PARAGRAPH, False),
])
def test_bylines_and_dates(line: str, marker: bool) -> None:
    assert is_marker(line, len(line.split())) == marker


@pytest.mark.parametrize("line, iso", [
    ("Publié le 12 mars 2025 à 08h15", "2025-03-12"),
    ("Mis à jour le 3 mars 2025", "2025-03-03"),
    ("Publicado el 5 de abril de 2025", "2025-04-05"),
    ("Veröffentlicht am 3. März 2025", "2025-03-03"),
])
def test_dates_after_a_word_for_published_in_other_languages(line: str, iso: str) -> None:
    assert parse_date(line).value.isoformat() == iso


def test_the_sample_chapters_are_read_as_articles_not_pages() -> None:
    for path in sorted((ROOT / "chapters").glob("*.txt")):
        chapter = read(path, path.name)
        assert not {r.what for r in chapter.removed} & {"page header", "page footer"}


def test_a_page_without_prose_is_skipped_with_a_warning(tmp_path: Path, caplog) -> None:
    """A paste that holds no article (a menu, a sign-in page) is left out and named; the book
    is made of the others."""
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "a-menu.txt").write_text("\n\n".join(
        ["Skip to content", "Home", "News", "Sport", "Sign in", "Subscribe",
         "© 2025 Example Media. All rights reserved."]), encoding="utf-8")
    fixture = ROOT / "tests" / "fixtures" / "text" / "paste-menus-and-comments.txt"
    (chapters / "b-article.txt").write_bytes(fixture.read_bytes())
    with caplog.at_level(logging.INFO, logger="book"):
        read_chapters_result = read_chapters(tmp_path, config.load(tmp_path))
    assert [c.title for c in read_chapters_result] == [
        "Volunteers turn a closed rail yard into the town's largest garden"]
    assert "chapters/a-menu.txt: no article text (empty, or only boilerplate); skipped" in caplog.text
    assert "chapters/b-article.txt: removed page header (lines 1-22)" in caplog.text


def test_each_removal_is_said_in_detail_at_debug_level(caplog) -> None:
    """-v shows each removal: its lines, its kind, how its first line begins."""
    path = ROOT / "tests" / "fixtures" / "text" / "paste-french.txt"
    with caplog.at_level(logging.DEBUG, logger="book"):
        read(path, "chapters/paste-french.txt")
    assert "chapters/paste-french.txt:1-19: removed page header: Aller au contenu principal" in caplog.text
    assert ("chapters/paste-french.txt:34: removed read-more link: Lire aussi : Dans le Val, les "
            "petits commerces misent sur l…") in caplog.text


def test_a_box_of_related_links_inside_the_text_goes_and_the_text_goes_on() -> None:
    """A related heading and its teaser titles inside the article are dropped ("related
    links"); the article's paragraphs after it are kept."""
    page = ["Home", "News", "Sport", "Weather", "Travel", "Sign in",
            "Harbour plans approved after a long night", "By Jane Doe", "March 3, 2025",
            PARAGRAPH, "Related articles", "Ferry timetable changes from May",
            "New lighthouse keeper appointed", PARAGRAPH.replace("Tuesday", "Monday"),
            PARAGRAPH.replace("Tuesday", "Friday"), "About us", "Contact", "Careers",
            "Privacy policy", "© 2025 Example Media. All rights reserved."]
    chapter = read_lines(page)
    assert chapter.title == "Harbour plans approved after a long night"
    assert [b.source.line for b in chapter.blocks] == [10, 14, 15]
    assert ("related links", 11, 13) in [(r.what, r.first, r.last) for r in chapter.removed]


@pytest.mark.parametrize("heading", ["Você pode gostar...", "Vous aimerez aussi",
                                     "También te puede gustar:", "Potrebbe piacerti anche"])
def test_a_may_like_heading_in_other_languages_ends_the_text(heading: str) -> None:
    """ "You may like" in the other languages of the dates: the quotations under it (prose,
    each with its share row) are teasers, not the article's."""
    text = ("Recomeçar não é apagar o que passou, mas olhar para trás com gratidão e seguir em "
            "frente com mais calma. Cada dia traz uma nova chance de fazer diferente, de cuidar de "
            "quem amamos e de aprender com os erros sem carregar o peso deles para sempre.")
    first = ("A amizade verdadeira não se mede pelo tempo que passamos juntos, mas pela certeza de "
             "que, mesmo longe, alguém torce por nós em silêncio e fica feliz com cada conquista.")
    second = ("Ser feliz é uma escolha que fazemos todas as manhãs, mesmo quando o céu está nublado "
              "e o caminho parece longo demais; é decidir ver beleza no simples.")
    bar = "Whatsapp   Facebook   Baixar"
    page = ["Início", "Mensagens", "Frases", "Poemas", "Pesquisar", "O valor de um recomeço",
            "Mensagens » Reflexão » O valor de um recomeço", bar, text,
            "Mensagens de Reflexão, Mensagens de Vida", heading, bar, first, bar, second, bar,
            "Política de privacidade", "© 2025 Exemplo"]
    chapter = read_lines(page)
    assert [b.source.line for b in chapter.blocks] == [9, 10]
    assert ("related links", 11, 15) in [(r.what, r.first, r.last) for r in chapter.removed]


def test_a_tags_heading_ends_the_text() -> None:
    """A heading of the article's tags alone on its line ends the text: the sidebar's promotions
    after it are prose too, but no longer the article's."""
    page = ["Home", "News", "Sport", "Weather", "Sign in", "Harbour plans approved after a long night",
            "By Jane Doe", "March 3, 2025", PARAGRAPH, PARAGRAPH.replace("Tuesday", "Monday"), "Tags",
            "harbour, council, plans, town hall", "» Column of the week",
            "Click on the picture above and read every column our editor has written for the paper "
            "this year, from sport to the arts.", "» Weekend guide",
            "Click on the picture to see what is on in the town this weekend, with times and prices "
            "for every event.", "About us", "Contact", "© 2025 Example Media. All rights reserved."]
    chapter = read_lines(page)
    assert [b.source.line for b in chapter.blocks] == [9, 10]
    assert ("tag list", 11, 16) in [(r.what, r.first, r.last) for r in chapter.removed]


def read_lines(page: list[str]):
    """Read a page given as lines (one a line, no blank lines between)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.txt"
        path.write_text("\n".join(page) + "\n", encoding="utf-8")
        return read(path, "chapters/page.txt")


def test_an_article_of_ones_own_ending_on_a_reading_list_stays_an_article() -> None:
    """Short lines after the text (a reading list) are no page without a page's mark (a notice,
    a date): the article reader reads the text as it always has, list included."""
    article = ["Three steps to a better loaf", "By Tom Becker", PARAGRAPH,
               PARAGRAPH.replace("Tuesday", "Monday"), "Further reading",
               "The Bread Baker's Apprentice", "Flour Water Salt Yeast", "Tartine Bread",
               "The Italian Baker"]
    chapter = read_lines(article)
    assert chapter.title == "Three steps to a better loaf" and chapter.author == "Tom Becker"
    assert not chapter.removed
    assert chapter.blocks[-1].source.line == 9


def test_a_number_past_31_after_a_month_word_is_no_date() -> None:
    """"Set" is September in Italian and Portuguese, but "Set 40th Anniversary" holds no date: a
    day is 1 to 31. The headline it is stays a candidate."""
    headline = "Local Choir Set 40th Anniversary Concert for the Spring"
    assert shapes([headline])[0].kind != META and not is_marker(headline, 9)
    assert shapes(["Set 14, 2025"])[0].kind == META


def test_a_numbered_list_of_dates_is_the_text_not_the_head() -> None:
    """A calendar's items hold dates ("1) 8 March: ..."), but a numbered list is the article's
    text: its first item is no date line making the line above it a headline."""
    rounds = [f"{n}) {day} {month}: {place} stage" for n, (day, month, place) in enumerate(
        [(8, "March", "Hilltop"), (5, "April", "Riverside"), (3, "May", "Old Quarry"),
         (7, "June", "Harbour"), (12, "July", "Forest"), (9, "August", "Moorland")], 1)]
    page = ["Home", "News", "Calendar", "Results", "Forum",
            "Rally Calendar 2025", "Monday, 20 January 2025 at 10:13", "Share this on WhatsApp",
            "Rally", "The Rally Calendar for the 2025 Season", *rounds,
            "The rally calendar may still change, as the organisers have said before.",
            "About us", "Contact", "© 2025 Example Racing. All rights reserved."]
    assert find_article(page).headline == 5


def test_a_glued_breadcrumb_is_no_headline() -> None:
    """A breadcrumb whose separators the paste lost is the page's menu items end to end (a first
    word, its root, aside)."""
    menu = frozenset(["News", "Culture", "Theatre", "Theatre Reviews"])
    assert is_glued_menu("Home Culture Theatre Reviews", menu)
    assert is_glued_menu("News Culture Theatre", menu)
    assert not is_glued_menu("Theatre Reviews", menu)
    assert not is_glued_menu("Home Truths About Theatre Reviews", menu)


def test_a_list_of_teasers_under_a_head_is_no_article_of_short_lines() -> None:
    """An article of short lines is found under its head block when its lines speak of one
    thing (their words recur from line to line); a teaser list has a head-like line too, but
    each of its lines speaks of something else."""
    teasers = ["Ferry timetable changes from May", "New lighthouse keeper appointed on the island",
               "School choir wins the county cup again", "Roadworks close the bridge for a week",
               "Library opens on Sundays from the spring", "A bakery celebrates fifty years",
               "Cyclists ask for a lane on the coast road", "Harbour festival returns in August",
               "Council debates the price of parking", "Two new buses for the valley route",
               "Market moves to the square for the summer", "Museum finds a lost painting"]
    page = ["Home", "News", "Sign in", "Local news this week", "March 3, 2025", *teasers,
            "Related Articles"]
    assert article_below_head(page, shapes(page), 20) is None
    plan = [line for day in ("Monday", "Tuesday", "Wednesday", "Thursday")
            for line in (f"Lunch for {day}", "Pack the lunch the evening before",
                         "Lunchbox: rice salad with peas, 1 apple")]
    page = ["Home", "News", "Sign in", "A week of lunch to pack", "March 3, 2025", *plan,
            "Related Articles"]
    assert article_below_head(page, shapes(page), 20) == (3, 5, 16)


def test_the_text_goes_on_across_a_list_of_cards_not_a_teaser_list() -> None:
    """A list of cards after the text's paragraphs (short lines, each card ending alike) is the
    article's when its closing paragraph follows, right before the article's end; a teaser
    list has dates, and a list with no paragraph after it is no card list."""
    closing = ("Prices may change at any time, so check them before you buy, and tell us which "
               "of these you liked best when you have tried them at home.")
    cards = [line for name in ("Blender", "Kettle", "Toaster")
             for line in (f"Compact {name}", "Quiet and easy to clean", "$19.99", "Buy Now")]
    page = [PARAGRAPH, "Our picks:", *cards, closing, "Tags: Deals", "About"]
    assert cards_after(page, shapes(page), 0) == (1, 13)
    assert cards_after([*page[:-3], "Tags: Deals"], shapes([*page[:-3], "Tags: Deals"]), 0) is None
    teasers = [line for name in ("Blender", "Kettle", "Toaster")
               for line in (f"Compact {name} reviewed", "March 3, 2025", "Read more")]
    page = [PARAGRAPH, "Related:", *teasers, closing, "Tags: Deals"]
    assert cards_after(page, shapes(page), 0) is None


def test_a_headline_in_a_script_without_capitals_shares_the_texts_words() -> None:
    """Japanese has no capitals (a headline's first letter is no lowercase letter) and writes
    no spaces: the headline's words are the text's two letters at a time."""
    first = ("市議会は火曜日の夜に会合を開き、港の新しい計画について話し合いました。"
             "発言した市民の多くは計画に賛成で、港の再開発が町に新しい仕事をもたらすと期待しています。")
    second = ("計画では、古い倉庫を市場と図書館に改装し、港の周りに自転車道を整備します。"
              "工事は来年の春に始まり、三年後に完成する予定です。市は説明会を来月開きます。")
    page = ["ホーム", "ニュース", "お問い合わせ", "港の新しい計画に市民の多くが賛成", first, second,
            "関連記事", "プライバシーポリシー"]
    assert find_article(page).headline == 3


def test_a_bare_name_right_before_the_text_is_the_headlines_byline() -> None:
    """A name alone (even twice) between a headline and the first paragraph is its byline: that
    line heads the block, not a teaser above it with its own date."""
    page = ["Home", "News", "Sign in", "Harbour towns: is there still a future for the old plans?",
            "March 3, 2025 9:12 am", "Council votes for the new harbour plans after a long night",
            "Jane Doe", "Jane Doe", "Share", PARAGRAPH,
            PARAGRAPH.replace("Tuesday", "Friday")]
    assert find_article(page).headline == 5


def test_a_headline_that_names_the_text_in_other_words_still_heads_it() -> None:
    """A list article's headline may share no word with its items; it still heads the block
    before the text (its standfirst, author and date follow), which no other line does."""
    items = ["VISIT the harbour market on Saturday mornings, when the fishing boats sell their "
             "catch straight from the quay and the bakers set up their stalls beside them.",
             "WALK the coast path from the lighthouse to the old fort, a gentle route of about "
             "six miles with benches, cafés and views across the bay all the way.",
             "LISTEN to the brass band in the park on Sunday afternoons, bring a blanket and a "
             "picnic, and stay for the open rehearsal that follows the concert."]
    page = ["Home", "News", "Events", "Five ideas for the weeks ahead",
            "Our editors pick what is worth a day out this month.", "Author:",
            "Example Editorial Staff", "Publish date:", "Apr 4, 2025", *items, "Privacy", "Contact"]
    assert find_article(page).headline == 3


def test_a_headline_may_end_on_a_quotation_in_guillemets() -> None:
    """ "»" ends a breadcrumb ("Accueil » Culture »"), and a quotation too: a headline."""
    page = ["Главная", "Новости", "Актриса: «Я никогда не думала, что снова выйду на сцену»",
            "Текст: Анна Петрова · 11 октября 2018",
            "Она вернулась в театр после долгого перерыва и рассказала, почему решилась на это "
            "именно сейчас. Спектакль выходит в конце месяца, и билеты уже проданы.",
            "Репетиции идут каждый день, а вечером актриса читает новую роль дома, вслух, как "
            "учили её в молодости. Говорит, что волнуется, как перед первым выходом."]
    assert find_article(page).headline == 2


def test_a_shorter_line_in_sentence_case_under_a_promotion_is_the_headline() -> None:
    """Between a headline and its byline may stand a standfirst (longer, or a sentence) or a
    line of names; a shorter line in sentence case there is the headline itself, and the line
    above it a promotion."""
    first = ("Spring 2025 is a good time to buy garden tools, and the sales have started early this "
             "year, with spades, shears and hoses at prices we have not seen since last autumn.")
    second = ("The best deal of the week is a set of pruning shears at half price, and a good hose "
              "reel is down to its lowest price ever. Check the prices before you buy these tools.")
    page = ["Home", "Deals", "Garden", "About",
            "Spring Sale 2025: Grab The Best Early Garden Deals Right Here",
            "The 8 best garden tools on sale this week", "Jane Doe", "March 3, 2025 at 8:40 AM",
            "Share  Tweet", first, second, "Privacy", "Contact"]
    assert find_article(page).headline == 5


def test_a_score_line_is_no_headline() -> None:
    """A line of more numbers than words (a score line, a table's row) is no headline, however
    near the text and however many of its words the text holds."""
    page = ["Home", "Sports", "Sign in", "School roundup: Harbour girls win their first game of the season",
            "Jane Doe Example Times", "Published 2:16 AM EST Mar 4, 2025", "Rain on the pitch",
            "Jane Doe, Example Photos", "GIRLS BASKETBALL", "Harbour d. Hilltop 70-44",
            "Hilltop 14 11 6 15 — 44", "Harbour 18 22 13 17 — 70",
            "Harbour (1-0): Smith 25 points. Jones 17 points. Brown 10 points. Green 10 points. "
            "White 5 points. Black 3 points.",
            "Hilltop (0-1): Gray 15 points. Stone 2 points. Baker 6 points. Wood 4 points. Hill 17 "
            "points.", "Privacy", "Contact"]
    assert find_article(page).headline == 3


def test_the_text_goes_on_through_its_list_of_dates_not_a_dated_teaser_list() -> None:
    """Dated lines of one shape right after the text, under a heading that speaks of it, are
    its list (a tour's dates), when nearly every line of them is dated; a teaser list has a
    title between its dates."""
    tour = ("The band will play the harbour towns of the coast this summer, and the tour starts in "
            "Westport in June with five dates.")
    dates = ["June 9 -- Harbour Arena, Westport", "June 10 -- Town Hall, Eastby",
             "June 14 -- The Old Mill, Northam", "June 17 -- Riverside Theatre, Southwick",
             "June 19 -- Castle Green, Hilltop"]
    head = ["Home", "Music", "Sign in", "The Harbour Band announce a summer tour", "By Jane Doe",
            "March 3, 2025", PARAGRAPH, tour]
    article = find_article([*head, "The Harbour Band Tour Dates", *dates, "Facebook", "About"])
    assert (article.body, article.end) == (6, 13)
    teasers = ["Harbour Band tour diary", "Festival season opens in the park", "June 9, 2025",
               "A new record shop for the old town", "June 10, 2025", "Choir wins the county cup",
               "June 14, 2025"]
    article = find_article([*head, *teasers, "Facebook", "About"])
    assert (article.body, article.end) == (6, 7)


def test_a_caption_with_its_credit_is_never_an_articles_headline() -> None:
    """In an article's head, a caption ending in its picture's credit (a sentence, then the
    credit) is dropped; a headline ending in an agency's name is still the headline."""
    caption = "The new ferry at the quay on its first morning. (credit: Jane Doe/Example Port)"
    chapter = read_lines([caption, "Harbour ferry makes its first crossing", "by Tom Becker",
                          "Monday, March 17, 2025", PARAGRAPH, PARAGRAPH.replace("Tuesday", "Friday")])
    assert (chapter.title, chapter.author) == ("Harbour ferry makes its first crossing", "Tom Becker")
    assert ("caption", 1, 1) in [(r.what, r.first, r.last) for r in chapter.removed]
    chapter = read_lines(["Markets fall after a warning from Bloomberg", "By Jane Doe", PARAGRAPH,
                          PARAGRAPH.replace("Tuesday", "Friday")])
    assert chapter.title == "Markets fall after a warning from Bloomberg"
