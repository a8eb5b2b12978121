// `--json` lines are written without building a QJsonObject: they must be the very bytes QJsonDocument
// would have written, for every character a server can put into a prompt or a message.

#include "cli/jsonline.h"
#include "core/displaytext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Reelwatch;

class TestJsonLine : public QObject
{
    Q_OBJECT

private slots:
    void sameBytesAsQJsonDocument();
    void everyCharacterIsEscapedTheSame();
    void randomTextIsEscapedTheSame();
};

void TestJsonLine::sameBytesAsQJsonDocument()
{
    JsonLine line;
    QJsonObject object;
    const auto both = [&](const char* key, const QJsonValue& value) {
        object.insert(QLatin1String(key), value);
        switch (value.type()) {
        case QJsonValue::String:
            line.add(key, value.toString());
            break;
        case QJsonValue::Double:
            line.add(key, qint64(value.toInteger()));
            break;
        case QJsonValue::Bool:
            line.add(key, value.toBool());
            break;
        case QJsonValue::Object:
            line.add(key, value.toObject());
            break;
        default:
            line.addNull(key);
        }
    };
    both("status", QStringLiteral("SUCCESS"));
    both("id", QStringLiteral("video_1"));
    both("progress", 42);
    both("created_at", qint64(1762499410));
    both("big", qint64(9007199254740991));
    both("negative", -3);
    both("archived", false);
    both("interrupted", true);
    both("url", QJsonValue::Null);
    both("error", QJsonObject{{QStringLiteral("code"), QStringLiteral("x")}});
    both("Upper", QStringLiteral("sorts before lower case"));
    QCOMPARE(line.toJson(), QJsonDocument(object).toJson(QJsonDocument::Compact));

    // A key given twice keeps its last value, as QJsonObject::insert does.
    line.add("id", QStringLiteral("video_2"));
    object.insert(QStringLiteral("id"), QStringLiteral("video_2"));
    QCOMPARE(line.toJson(), QJsonDocument(object).toJson(QJsonDocument::Compact));
    QCOMPARE(JsonLine().toJson(), QByteArray("{}"));
}

void TestJsonLine::everyCharacterIsEscapedTheSame()
{
    QString all;
    for (char16_t c = 0; c < 0x800; ++c)
        all += QChar(c);
    all += QStringLiteral("\u2028\u2029\uFEFF\uFFFF 😀 \"quoted\" back\\slash </script>");
    all += QChar(0xD800); // a lone surrogate
    all += QStringLiteral("x");
    all += QChar(0xDC00);
    JsonLine line;
    line.add("prompt", all);
    // Qt's encoding, with what would act in a terminal (DEL, C1, bidi, line separators) as escapes.
    const QJsonObject object{{QStringLiteral("prompt"), all}};
    QCOMPARE(line.toJson(), DisplayText::json(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    QCOMPARE(QJsonDocument::fromJson(line.toJson()).object(), object);
}

void TestJsonLine::randomTextIsEscapedTheSame()
{
    QRandomGenerator random(20261202);
    for (int round = 0; round < 2000; ++round) {
        QString text;
        const int length = int(random.bounded(40));
        for (int i = 0; i < length; ++i)
            text += QChar(char16_t(random.bounded(round % 2 ? 0x80 : 0x10000)));
        JsonLine line;
        line.add("t", text);
        const QJsonObject object{{QStringLiteral("t"), text}};
        QCOMPARE(line.toJson(), DisplayText::json(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    }
}

QTEST_APPLESS_MAIN(TestJsonLine)
#include "tst_jsonline.moc"
