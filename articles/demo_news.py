"""More demo articles, on the topics the campaign has reported on, each written for its
readers in English, Hong Kong Chinese and mainland Chinese (not converted: the mainland
text uses mainland words). Read by articles/demo.py."""

SOCIALIST_ACTION = {
    "en": "Socialist Action (Hong Kong)",
    "zh-hant": "社會主義行動（香港）",
    "zh-hans": "社会主义行动（香港）",
}
CAMPAIGN = {
    "en": "Solidarity Against Repression in China and Hong Kong",
    "zh-hant": "聲援中港反鎮壓運動",
    "zh-hans": "声援中港反镇压运动",
}
CHINAWORKER = {"en": "chinaworker.info", "zh-hant": "chinaworker.info", "zh-hans": "chinaworker.info"}

# slug, date, categories, {language: byline}, {language: (title, summary, body)}, image?
NEWS = [
    (
        "panama-papers-protest-tax-the-rich",
        (2016, 4, 12),
        ["hong-kong", "international"],
        SOCIALIST_ACTION,
        {
            "en": (
                "Panama Papers: “Tax the rich” outside the offshore firm's Hong Kong office",
                "Protesters gathered outside the Hong Kong office of the law firm at the centre of "
                "the Panama Papers leak.",
                "<p>Two dozen protesters gathered on Tuesday outside the Hong Kong office of Mossack "
                "Fonseca, the firm whose leaked files showed how the rich of many countries, China's "
                "ruling families among them, hide their wealth offshore.</p>"
                "<p>Hong Kong is one of the busiest hubs for these shell companies. While public "
                "hospitals are overcrowded and young people cannot afford a flat, billions leave "
                "untaxed. We demand that the wealth hidden offshore be taxed and spent on housing, "
                "health and pensions.</p>",
            ),
            "zh-hant": (
                "巴拿馬文件：離岸公司香港辦事處外高呼「向富人徵稅」",
                "示威者聚集在巴拿馬文件事件核心律師行的香港辦事處外抗議。",
                "<p>星期二，二十多名示威者聚集在莫薩克·馮賽卡律師行的香港辦事處外。這間律師行的文件"
                "外洩，揭露了多國富豪，包括中國權貴家族，如何把財富藏到離岸公司。</p>"
                "<p>香港是這類空殼公司最繁忙的中心之一。公立醫院人滿為患，年輕人買不起樓，"
                "數以十億計的財富卻無須交稅。我們要求向藏在離岸的財富徵稅，用於房屋、醫療和退休保障。</p>",
            ),
            "zh-hans": (
                "巴拿马文件：离岸公司香港办事处外高呼“向富人征税”",
                "抗议者聚集在巴拿马文件事件核心律师事务所的香港办事处外。",
                "<p>周二，二十多名抗议者聚集在莫萨克·冯赛卡律师事务所的香港办事处外。这家律所的文件"
                "被泄露，揭示了许多国家的富豪，包括中国的权贵家族，如何把财富藏进离岸公司。</p>"
                "<p>香港是这类空壳公司最集中的地方之一。公立医院人满为患，年轻人买不起房，"
                "数十亿的财富却不用交税。我们要求对藏在离岸的财富征税，用于住房、医疗和养老金。</p>",
            ),
        },
        False,
    ),
    (
        "june-4-vigil-strong-turnout",
        (2016, 6, 5),
        ["hong-kong", "china"],
        SOCIALIST_ACTION,
        {
            "en": (
                "A strong turnout for the June 4 vigil",
                "On the 27th anniversary of the Beijing massacre, a call to boycott the vigil failed "
                "to keep people away.",
                "<p>Tens of thousands filled Victoria Park on Saturday evening to mark 27 years since "
                "the Beijing massacre, which in 1989 ended seven weeks of mass protest against the "
                "dictatorship.</p>"
                "<p>This year some localist groups and student unions called on people to stay away, "
                "arguing that democracy in China is no concern of Hong Kong's. The call did not work, "
                "and visitors from the mainland again stood in the crowd. The struggle for democratic "
                "rights in Hong Kong and in China is one struggle: it will be won together or not at "
                "all.</p>",
            ),
            "zh-hant": (
                "六四燭光晚會人數踴躍",
                "北京屠殺二十七周年，呼籲杯葛晚會的行動未能令市民卻步。",
                "<p>星期六晚上，數以萬計市民擠滿維多利亞公園，紀念北京屠殺二十七周年。一九八九年，"
                "一場持續七個星期、反對獨裁統治的群眾運動，就在那場屠殺中被血腥鎮壓。</p>"
                "<p>今年有本土派團體和學生會呼籲市民不要出席，聲稱中國的民主與香港無關。呼籲並未奏效，"
                "大陸旅客亦再次站在人群之中。香港和中國爭取民主權利的抗爭是同一場抗爭：要贏，"
                "就只能一起贏。</p>",
            ),
            "zh-hans": (
                "六四烛光晚会人潮涌动",
                "北京屠杀27周年之际，抵制晚会的号召没能让市民却步。",
                "<p>周六晚上，数万市民挤满了维多利亚公园，纪念北京屠杀27周年。1989年，一场持续7周、"
                "反对独裁统治的群众运动，就在这场屠杀中被血腥镇压。</p>"
                "<p>今年，一些本土派团体和学生会号召市民不要参加，声称中国的民主与香港无关。这个号召"
                "没有奏效，内地游客也再次出现在人群之中。香港和中国争取民主权利的斗争是同一场斗争："
                "要赢，就只能一起赢。</p>",
            ),
        },
        True,
    ),
    (
        "kidnapped-bookseller-breaks-silence",
        (2016, 6, 17),
        ["hong-kong", "china"],
        SOCIALIST_ACTION,
        {
            "en": (
                "A kidnapped bookseller breaks his silence",
                "Months after he disappeared, a Hong Kong bookseller told the press how mainland "
                "agents held him and forced him to confess on television.",
                "<p>More than eight months after he vanished, a Hong Kong bookseller spoke at a press "
                "conference about his abduction. He described months in a small room under constant "
                "watch, and a television “confession” he was made to read from a script.</p>"
                "<p>His account shows the methods of a regime that treats the border as no limit to "
                "its police. Selling books critical of China's leaders is legal in Hong Kong; the "
                "abduction was not. No one should be taken for what they publish or sell.</p>",
            ),
            "zh-hant": (
                "被綁架的書商打破沉默",
                "失蹤數月後，香港一名書商向傳媒講述大陸人員如何拘禁他，並逼他在電視上認罪。",
                "<p>失蹤超過八個月後，香港一名書商召開記者會，講述自己被綁架的經過。他形容自己在一個"
                "小房間裏被日夜監視數月，又被逼照稿在電視上「認罪」。</p>"
                "<p>他的經歷揭露了一個政權的手段：對它的警察來說，邊界根本不是界限。在香港出售批評中國"
                "領導人的書籍是合法的，綁架卻不是。任何人都不應因為出版或出售書籍而被抓走。</p>",
            ),
            "zh-hans": (
                "被绑架的书商打破沉默",
                "失踪数月后，香港一名书商向媒体讲述了内地人员如何关押他，并强迫他在电视上认罪。",
                "<p>失踪八个多月后，香港一名书商召开记者会，讲述自己被绑架的经过。他说自己在一个小房间里"
                "被日夜监视了好几个月，还被强迫照着稿子在电视上“认罪”。</p>"
                "<p>他的经历暴露了一个政权的手段：对它的警察来说，边界根本不算界限。在香港出售批评中国"
                "领导人的书籍是合法的，绑架却不是。任何人都不应该因为出版或出售书籍而被抓走。</p>",
            ),
        },
        False,
    ),
    (
        "china-is-the-worst-over",
        (2016, 6, 20),
        ["china"],
        {
            "en": "Socialist magazine editorial",
            "zh-hant": "《社會主義者》社論",
            "zh-hans": "《社会主义者》社论",
        },
        {
            "en": (
                "China: is the worst over?",
                "Beijing has pushed stimulus spending back to the levels of 2009. A sign of "
                "confidence, or of desperation?",
                "<p>In the first months of 2016 China's rulers opened the credit taps again. New "
                "lending and state investment rose to levels not seen since the stimulus of 2009, "
                "after the world financial crisis.</p>"
                "<p>The official press speaks of a recovery. But every round of stimulus adds to a "
                "mountain of debt, to empty flats and to idle factories, while steel and coal workers "
                "face mass layoffs and unpaid wages. Growth bought this way is borrowed from the "
                "future.</p>"
                "<p>This article is shortened from the editorial of issue 37 (May–June 2016) of the "
                "Chinese-language magazine <em>Socialist</em>.</p>",
            ),
            "zh-hant": (
                "中國：最壞的時候過去了嗎？",
                "北京把刺激經濟的開支推回二〇〇九年的水平。這是信心的表現，還是走投無路？",
                "<p>二〇一六年頭幾個月，中國統治者再次大開信貸閘門。新增貸款和國家投資升至二〇〇九年"
                "以來未見的水平，那一年正是環球金融危機後推出大規模刺激方案的時候。</p>"
                "<p>官方傳媒說經濟正在復甦。但每一輪刺激都令債務越積越高，空置的樓宇和停工的工廠越來越多，"
                "鋼鐵和煤炭工人卻要面對大規模裁員和欠薪。這樣換來的增長，是向未來借來的。</p>"
                "<p>本文節錄自中文刊物《社會主義者》第三十七期（二〇一六年五至六月）的社論。</p>",
            ),
            "zh-hans": (
                "中国：最坏的时候过去了吗？",
                "北京把刺激经济的支出拉回到2009年的水平。这是信心的体现，还是无路可走？",
                "<p>2016年头几个月，中国统治者再次打开了信贷闸门。新增贷款和国家投资升到了2009年以来"
                "从未有过的水平，那一年正是全球金融危机后推出大规模刺激计划的时候。</p>"
                "<p>官方媒体说经济正在复苏。可是每一轮刺激都让债务越堆越高，空置的楼房和停工的工厂越来越多，"
                "钢铁和煤炭工人却面临大规模裁员和欠薪。这样换来的增长，是向未来借来的。</p>"
                "<p>本文节选自中文刊物《社会主义者》第37期（2016年5—6月）的社论。</p>",
            ),
        },
        False,
    ),
    (
        "smear-campaign-against-refugees",
        (2016, 7, 8),
        ["hong-kong"],
        SOCIALIST_ACTION,
        {
            "en": (
                "The smear campaign against refugees",
                "Calls for a camp for “fake refugees” are a manoeuvre to divide voters before the "
                "Legco elections.",
                "<p>Hong Kong's small refugee community is afraid. Pro-government politicians call "
                "for a closed camp and a crackdown on what they call “fake refugees”, and some of them "
                "praise Australia's offshore detention camps as a model.</p>"
                "<p>Refugees did not cause the housing crisis or low wages: the property tycoons and "
                "the government that serves them did. Blaming the weakest is an old trick to divide "
                "working people before an election. We stand with refugees and for their right to "
                "work and to live in safety.</p>",
            ),
            "zh-hant": (
                "針對難民的抹黑運動",
                "要求為「假難民」設立禁閉營，是在立法會選舉前分化選民的伎倆。",
                "<p>香港人數不多的難民社群正活在恐懼之中。親政府政客要求設立禁閉營、打擊他們所謂的"
                "「假難民」，有人更把澳洲的離岸拘留營奉為榜樣。</p>"
                "<p>造成住屋危機和低工資的不是難民，而是地產商和為他們服務的政府。歸咎最弱勢的人，"
                "是選舉前分化打工仔女的老把戲。我們與難民站在一起，支持他們工作和安全生活的權利。</p>",
            ),
            "zh-hans": (
                "针对难民的抹黑运动",
                "要求为“假难民”设立封闭营地，是立法会选举前分化选民的伎俩。",
                "<p>香港人数不多的难民群体正生活在恐惧之中。亲政府政客要求设立封闭营地、打击他们所说的"
                "“假难民”，有人甚至把澳大利亚的离岸拘留营当作榜样。</p>"
                "<p>造成住房危机和低工资的不是难民，而是房地产大亨和为他们服务的政府。把责任推给最弱势的人，"
                "是选举前分化劳动者的老把戏。我们和难民站在一起，支持他们工作和安全生活的权利。</p>",
            ),
        },
        False,
    ),
    (
        "protest-oriental-dailys-racism-and-sexism",
        (2016, 7, 22),
        ["hong-kong"],
        SOCIALIST_ACTION,
        {
            "en": (
                "Protest against Oriental Daily's racism and sexism",
                "A pro-government newspaper attacked Socialist Action's chairperson Sally Tang "
                "Mei-ching, not for her politics but for being a woman.",
                "<p>The pro-government <em>Oriental Daily</em> has published a disgraceful sexist "
                "attack on Sally Tang Mei-ching, the chairperson of Socialist Action. Instead of "
                "answering her arguments, it chose to belittle her as a woman.</p>"
                "<p>This is how the paper treats those who stand up to the government, and it writes "
                "about refugees and ethnic minorities with the same contempt. We ask readers to "
                "protest to the paper, and unions, women's groups and student bodies to send messages "
                "of support. Sexism and racism are weapons to divide working people: we answer them "
                "together.</p>",
            ),
            "zh-hant": (
                "抗議《東方日報》的種族歧視和性別歧視",
                "親政府報章攻擊社會主義行動主席鄧美晶，針對的不是她的政見，而是她的女性身份。",
                "<p>親政府的《東方日報》刊登了一篇可恥的文章，以性別歧視的手法攻擊社會主義行動主席"
                "鄧美晶。報章沒有回應她的論點，而是選擇以她是女性來貶低她。</p>"
                "<p>這份報章一向這樣對待敢於反抗政府的人，報道難民和少數族裔時也同樣充滿輕蔑。"
                "我們呼籲讀者向報社表達抗議，也呼籲工會、婦女團體和學生組織發出聲援訊息。"
                "性別歧視和種族歧視都是分化打工仔女的武器，我們要一起回擊。</p>",
            ),
            "zh-hans": (
                "抗议《东方日报》的种族歧视和性别歧视",
                "亲政府报纸攻击社会主义行动主席邓美晶，针对的不是她的政治观点，而是她的女性身份。",
                "<p>亲政府的《东方日报》刊登了一篇可耻的文章，用性别歧视的方式攻击社会主义行动主席"
                "邓美晶。这家报纸不去回应她的观点，而是拿她的女性身份来贬低她。</p>"
                "<p>这家报纸一贯这样对待敢于反抗政府的人，报道难民和少数族裔时也同样充满轻蔑。"
                "我们呼吁读者向报社提出抗议，也呼吁工会、妇女团体和学生组织发来声援消息。"
                "性别歧视和种族歧视都是分化劳动者的武器，我们要一起回击。</p>",
            ),
        },
        False,
    ),
    (
        "defend-feminists-in-china",
        (2021, 4, 20),
        ["china", "solidarity-campaign"],
        CAMPAIGN,
        {
            "en": (
                "Defend feminists in China",
                "Feminists hounded by online trolls lost their social media accounts, while their "
                "harassers were left alone.",
                "<p>Feminists such as Xiao Meili and Zheng Churan have been hounded by nationalist "
                "trolls online. The platforms did nothing against the harassment; instead the "
                "feminists' own Weibo accounts were suspended.</p>"
                "<p>The case shows both how far women's anger has grown in Chinese society and how "
                "widely the regime now casts its net. We ask supporters to share and translate this "
                "article, and to bring it to the women's movement in their own country.</p>",
            ),
            "zh-hant": (
                "聲援中國的女權主義者",
                "女權主義者遭網上滋擾，社交媒體帳戶反被封鎖，滋擾者卻安然無事。",
                "<p>肖美麗、鄭楚然等女權主義者長期遭民族主義網民圍攻。平台沒有制止這些滋擾，"
                "反而封鎖了女權主義者自己的微博帳戶。</p>"
                "<p>事件既反映中國社會中婦女的憤怒日益高漲，也顯示政權的打壓範圍越來越廣。我們呼籲"
                "支持者轉發和翻譯這篇文章，並把它帶到你所在國家的婦女運動之中。</p>",
            ),
            "zh-hans": (
                "声援中国的女权主义者",
                "女权主义者遭到网络骚扰，社交媒体账号反而被封，骚扰者却安然无事。",
                "<p>肖美丽、郑楚然等女权主义者长期遭到民族主义网民的围攻。平台没有制止这些骚扰，"
                "反而封禁了女权主义者自己的微博账号。</p>"
                "<p>这件事既反映出中国社会中女性的愤怒日益高涨，也表明政权的打压范围越来越广。我们呼吁"
                "支持者转发和翻译这篇文章，并把它带到你所在国家的妇女运动中去。</p>",
            ),
        },
        False,
    ),
    (
        "police-ban-june-4-vigil",
        (2021, 6, 4),
        ["hong-kong", "china"],
        SOCIALIST_ACTION,
        {
            "en": (
                "Police ban the June 4 vigil",
                "For the second year the authorities banned the candlelight vigil for the victims "
                "of the 1989 Beijing massacre.",
                "<p>Every year since 1990, tens of thousands gathered in Victoria Park to remember "
                "the workers and students killed in Beijing on June 4, 1989. Many mainland visitors "
                "joined them, one of the few places on Chinese soil where they could.</p>"
                "<p>This year the police banned the vigil again, closed the park and arrested an "
                "organiser in the morning. People lit candles in the streets and in their windows "
                "instead. Remembering a massacre is not a crime.</p>",
            ),
            "zh-hant": (
                "警方禁止六四悼念集會",
                "當局連續第二年禁止悼念一九八九年北京屠殺死難者的燭光集會。",
                "<p>自一九九〇年起，每年都有數以萬計市民聚集維多利亞公園，悼念一九八九年六月四日在北京"
                "被殺害的工人和學生。不少大陸旅客也會參加，因為這是中國土地上少數可以這樣做的地方。</p>"
                "<p>今年警方再次禁止集會，封閉公園，並在早上拘捕一名組織者。市民於是在街頭和窗前點起"
                "燭光。悼念屠殺不是罪行。</p>",
            ),
            "zh-hans": (
                "警方禁止六四悼念集会",
                "当局连续第二年禁止悼念1989年北京屠杀遇难者的烛光集会。",
                "<p>从1990年起，每年都有数万市民聚集在维多利亚公园，悼念1989年6月4日在北京遇害的"
                "工人和学生。不少内地游客也会参加，因为这是中国土地上为数不多可以这样做的地方。</p>"
                "<p>今年警方再次禁止集会，封闭公园，并在早上逮捕了一名组织者。市民于是在街头和窗前点起"
                "蜡烛。悼念屠杀不是犯罪。</p>",
            ),
        },
        True,
    ),
    (
        "nipsa-backs-solidarity-motion",
        (2021, 9, 15),
        ["solidarity-campaign", "international"],
        CAMPAIGN,
        {
            "en": (
                "Northern Ireland's civil service union backs solidarity with Hong Kong and China",
                "NIPSA, which represents 40,000 public sector workers, passed a motion supporting "
                "independent trade unions in Hong Kong and China.",
                "<p>The Northern Ireland Public Service Alliance, representing 40,000 civil servants "
                "and public sector workers, backed a motion to support campaigns for genuinely "
                "independent trade unions and democratic rights for workers in Hong Kong and China.</p>"
                "<p>Motions like this one matter. They tell workers in Hong Kong that they are not "
                "alone, and they show other unions that solidarity can be voted on at the next branch "
                "meeting. Our model motion is in the materials section.</p>",
            ),
            "zh-hant": (
                "北愛爾蘭公務員工會通過聲援中港工人的動議",
                "代表四萬名公營部門僱員的北愛爾蘭公共服務聯盟通過動議，支持香港和中國的獨立工會。",
                "<p>代表四萬名公務員和公營部門僱員的北愛爾蘭公共服務聯盟（NIPSA）通過動議，支持爭取"
                "香港和中國真正獨立工會及工人民主權利的運動。</p>"
                "<p>這樣的動議很重要：它告訴香港工人他們並不孤單，也向其他工會表明，聲援可以在下一次"
                "分會會議上表決通過。我們的動議範本可在「資料」部分下載。</p>",
            ),
            "zh-hans": (
                "北爱尔兰公务员工会通过声援中港工人的动议",
                "代表4万名公共部门雇员的北爱尔兰公共服务联盟通过动议，支持香港和中国的独立工会。",
                "<p>代表4万名公务员和公共部门雇员的北爱尔兰公共服务联盟（NIPSA）通过了一项动议，支持"
                "争取香港和中国真正独立的工会以及工人民主权利的运动。</p>"
                "<p>这样的动议很重要：它告诉香港工人他们并不孤单，也向其他工会表明，声援可以在下一次"
                "分会会议上表决通过。我们的动议范本可以在“资料”栏目下载。</p>",
            ),
        },
        False,
    ),
    (
        "hsbc-the-bank-that-backs-the-dictatorship",
        (2022, 3, 8),
        ["international", "hong-kong"],
        CAMPAIGN,
        {
            "en": (
                "HSBC: the bank that backs the dictatorship",
                "The bank froze the accounts of activists and publicly supported the National Security Law.",
                "<p>HSBC was founded in Hong Kong and still earns most of its profit in Asia. When "
                "Beijing imposed the National Security Law, the bank's Asia chief signed a petition in "
                "its favour, and the bank later froze accounts belonging to democracy activists.</p>"
                "<p>We call on trade unions and working people everywhere to tell HSBC that its "
                "collusion is noticed: protest at its branches, question its pension fund investors, "
                "and support the people it turned away.</p>",
            ),
            "zh-hant": (
                "滙豐：支持獨裁的銀行",
                "這間銀行凍結社運人士的帳戶，又公開支持《國安法》。",
                "<p>滙豐在香港創立，至今大部分利潤仍然來自亞洲。北京強推《國安法》時，滙豐亞太區"
                "行政總裁簽名支持；其後銀行更凍結了民主派人士的帳戶。</p>"
                "<p>我們呼籲各地工會和打工仔女讓滙豐知道，它與政權的勾結有目共睹：到分行抗議、"
                "向投資它的退休基金提出質詢，並支持被它拒諸門外的人。</p>",
            ),
            "zh-hans": (
                "汇丰：支持独裁的银行",
                "这家银行冻结了社运人士的账户，还公开支持《国安法》。",
                "<p>汇丰在香港创立，至今大部分利润仍然来自亚洲。北京强推《国安法》时，汇丰亚太区"
                "行政总裁签名支持；后来银行还冻结了民主派人士的账户。</p>"
                "<p>我们呼吁各地工会和劳动者让汇丰知道，它与政权的勾结大家都看在眼里：到网点抗议、"
                "向投资它的养老基金提出质询，并支持被它拒之门外的人。</p>",
            ),
        },
        False,
    ),
    (
        "china-mass-revolt-where-now",
        (2022, 12, 20),
        ["china"],
        CHINAWORKER,
        {
            "en": (
                "China's mass revolt: where now?",
                "The protests against lockdowns were the most widespread since 1989; what can the "
                "movement learn from them?",
                "<p>After a deadly fire in Urumqi, protests spread to universities and city streets "
                "across China, the most widespread since the democracy movement of 1989. Some "
                "protesters held up blank sheets of paper; others called openly for Xi Jinping to "
                "go.</p>"
                "<p>The government dropped its zero-Covid rules within weeks while the police hunted "
                "down protesters. The lesson is that the regime can be forced to retreat; the "
                "question is how to organise, in workplaces and campuses, so that the next wave is "
                "not dispersed one person at a time.</p>",
            ),
            "zh-hant": (
                "中國群眾反抗：下一步怎樣走？",
                "反封控抗議是一九八九年以來最廣泛的一次；運動可以從中學到甚麼？",
                "<p>烏魯木齊一場致命火災之後，抗議蔓延到全國各地的大學和街頭，是一九八九年民主運動以來"
                "規模最廣的一次。有人舉起白紙，也有人公開要求習近平下台。</p>"
                "<p>幾星期內政府便放棄了清零政策，警察卻四處追捕示威者。教訓是：政權是可以被逼退讓的；"
                "問題是如何在工作間和校園組織起來，令下一波運動不會被逐個擊破。</p>",
            ),
            "zh-hans": (
                "中国群众反抗：下一步怎么走？",
                "反封控抗议是1989年以来范围最广的一次；运动能从中学到什么？",
                "<p>乌鲁木齐一场致命的火灾之后，抗议蔓延到全国各地的高校和街头，是1989年民主运动以来"
                "范围最广的一次。有人举起白纸，也有人公开要求习近平下台。</p>"
                "<p>几周之内政府就放弃了清零政策，警察却四处追捕抗议者。教训是：政权是可以被迫让步的；"
                "问题是如何在工作场所和校园里组织起来，让下一波运动不会被各个击破。</p>",
            ),
        },
        False,
    ),
    (
        "subversion-trial-international-protests",
        (2023, 5, 31),
        ["solidarity-campaign", "international"],
        CAMPAIGN,
        {
            "en": (
                "The “subversion” trial: protests in many countries on May 31",
                "Supporters protested outside Chinese embassies and consulates as the trial of "
                "democracy activists went on.",
                "<p>Forty-seven democrats have been on trial for organising an unofficial primary "
                "election. Among them is “Long Hair” Leung Kwok-hung, the best-known voice of the left "
                "in the democracy movement, who has spent more than two years in prison before any "
                "verdict.</p>"
                "<p>On May 31 supporters of the campaign protested outside Chinese embassies and "
                "consulates in many countries. We take no side with any government: our allies are "
                "workers, young people, women and oppressed minorities.</p>",
            ),
            "zh-hant": (
                "「顛覆」案：五月三十一日多國同步抗議",
                "民主派人士受審期間，支持者在多國的中國大使館和領事館外抗議。",
                "<p>四十七名民主派人士因舉辦非官方初選而被控「顛覆」。其中包括民主運動中最為人熟知的"
                "左翼聲音「長毛」梁國雄，他在判決之前已被關押超過兩年。</p>"
                "<p>五月三十一日，運動的支持者在多個國家的中國大使館和領事館外抗議。我們不站在任何政府"
                "一邊：我們的盟友是工人、青年、婦女和受壓迫的少數群體。</p>",
            ),
            "zh-hans": (
                "“颠覆”案：5月31日多国同步抗议",
                "民主派人士受审期间，支持者在多个国家的中国大使馆和领事馆外抗议。",
                "<p>47名民主派人士因为组织非官方初选而被控“颠覆”。其中包括民主运动中最广为人知的"
                "左翼声音“长毛”梁国雄，他在判决之前就已经被关押了两年多。</p>"
                "<p>5月31日，运动的支持者在多个国家的中国大使馆和领事馆外抗议。我们不站在任何政府"
                "一边：我们的盟友是工人、青年、妇女和受压迫的少数群体。</p>",
            ),
        },
        True,
    ),
    (
        "clashes-in-londons-chinatown",
        (2024, 5, 14),
        ["international"],
        CAMPAIGN,
        {
            "en": (
                "Clashes in London's Chinatown: how not to fight racism and repression",
                "Two groups of protesters, one from mainland Chinese organisations, the other of "
                "young Hong Kong emigrants, clashed in London.",
                "<p>Chinese communities overseas face rising political tension. In London's Chinatown, "
                "a protest by mainland Chinese organisations and one by young Hong Kong emigrants "
                "ended in scuffles, each side accusing the other.</p>"
                "<p>Racism against Chinese people in Britain is real, and so is Beijing's reach into "
                "communities abroad. Neither is fought by turning one group of migrants against "
                "another. The answer is common organisation: in unions, on campuses, against racism "
                "and against every government that represses.</p>",
            ),
            "zh-hant": (
                "倫敦唐人街衝突：對抗種族主義和鎮壓，不應這樣做",
                "兩批示威者，一批來自大陸華人團體，另一批是香港移民青年，在倫敦發生衝突。",
                "<p>海外華人社群面對的政治張力日益加劇。在倫敦唐人街，大陸華人團體和香港移民青年各自"
                "舉行的示威最終演變成推撞，雙方互相指責。</p>"
                "<p>英國針對華人的種族歧視是真實的，北京把手伸進海外社群也是真實的。兩者都不能靠挑動"
                "一群移民對抗另一群移民來解決。出路是共同組織起來：在工會、在校園，反對種族主義，"
                "也反對每一個實施鎮壓的政府。</p>",
            ),
            "zh-hans": (
                "伦敦唐人街冲突：反对种族主义和镇压，不该这样做",
                "两批抗议者，一批来自内地华人团体，另一批是香港移民青年，在伦敦发生了冲突。",
                "<p>海外华人社区面临的政治紧张日益加剧。在伦敦唐人街，内地华人团体和香港移民青年各自"
                "举行的抗议最后演变成推搡，双方互相指责。</p>"
                "<p>英国针对华人的种族歧视是真实存在的，北京把手伸进海外社区也是真实存在的。这两者都不能"
                "靠挑动一群移民去对抗另一群移民来解决。出路是共同组织起来：在工会、在校园，反对种族主义，"
                "也反对每一个实施镇压的政府。</p>",
            ),
        },
        False,
    ),
    (
        "crackdowns-without-end",
        (2025, 6, 20),
        ["hong-kong"],
        SOCIALIST_ACTION,
        {
            "en": (
                "Hong Kong: crackdowns without end",
                "Five years after the National Security Law, arrests continue and the economy stalls.",
                "<p>Five years after the National Security Law, the arrests have not stopped. "
                "Unions, newspapers and political parties have been closed, and the second security "
                "law of March 2024 widened the offences further.</p>"
                "<p>At the same time Hong Kong's economy is stuck: shops close, rents fall, and tens "
                "of thousands of young people have left. A regime that rules by fear does not bring "
                "stability. The democratic rights taken away can only be won back by a movement "
                "organised among working people.</p>",
            ),
            "zh-hant": (
                "香港：沒完沒了的打壓",
                "《國安法》實施五年，拘捕仍在繼續，經濟停滯不前。",
                "<p>《國安法》實施五年，拘捕從未停止。工會、報章和政黨相繼被迫解散，二〇二四年三月的"
                "第二條國安法更進一步擴大了罪行範圍。</p>"
                "<p>與此同時，香港經濟停滯：店舖倒閉、租金下跌，數以萬計的年輕人離開。靠恐懼統治的政權"
                "帶不來穩定。被奪去的民主權利，只能靠在打工仔女之中組織起來的運動奪回。</p>",
            ),
            "zh-hans": (
                "香港：没完没了的打压",
                "《国安法》实施5年，抓捕仍在继续，经济停滞不前。",
                "<p>《国安法》实施5年来，抓捕从未停止。工会、报纸和政党相继被迫解散，2024年3月的"
                "第二部国安法律又进一步扩大了罪名的范围。</p>"
                "<p>与此同时，香港经济陷入停滞：商铺倒闭、租金下跌，数万年轻人离开。靠恐惧统治的政权"
                "带不来稳定。被剥夺的民主权利，只能依靠在劳动者中组织起来的运动夺回来。</p>",
            ),
        },
        False,
    ),
]
