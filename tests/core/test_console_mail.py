"""Emails printed in the terminal in development can be read, and their links opened."""

import io

import pytest
from django.core.mail import EmailMultiAlternatives

from core.console_mail import EmailBackend, links_on_their_own_lines

LINK = "https://example.org/zh-hant/petition/confirm/" + "Ab3-_x" * 20 + "/?lang=zh-hant&next=%2F"


def printed(message):
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_a_long_link_in_a_chinese_email_is_printed_whole_and_decoded():
    body = f"你好，\n\n請按此確認你的簽名：\n\n{LINK}\n\n停止鎮壓香港\n"
    message = EmailMultiAlternatives("確認你的簽名", body, "運動 <no@example.org>", ["s@example.org"])
    message.attach_alternative(f'<p><a href="{LINK}">確認</a></p>', "text/html")

    output = printed(message)

    assert "Subject: 確認你的簽名" in output
    assert LINK in output.splitlines()
    assert "請按此確認你的簽名" in output
    assert "=3D" not in output
    assert "<a href" not in output
    assert "text/html" in output


def test_a_link_inside_a_sentence_is_moved_to_a_line_of_its_own():
    text = f"Open {LINK} to confirm, or ignore this email."
    assert links_on_their_own_lines(text).splitlines() == ["Open", LINK, "to confirm, or ignore this email."]


def test_attachments_are_named_not_dumped():
    message = EmailMultiAlternatives("Digest", "Figures", "a@example.org", ["b@example.org"])
    message.attach("figures.csv", "a,b\n1,2\n", "text/csv")
    output = printed(message)
    assert "text/csv (figures.csv)" in output
    assert "1,2" not in output


@pytest.mark.parametrize("lines", [["Hello", "", "https://example.org/a"], ["No link here."]])
def test_text_without_links_sharing_a_line_is_left_alone(lines):
    assert links_on_their_own_lines("\n".join(lines)) == "\n".join(lines)
