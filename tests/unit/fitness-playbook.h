/*
 * A second business line for the unit tests (a fitness playbook): its open
 * rate held to 60% (the built-in's: 20%), its own check-in metric and stages.
 */
#ifndef SOPDECK_TEST_FITNESS_H
#define SOPDECK_TEST_FITNESS_H

static const char fitness_yaml[] =
	"playbook: 健身SOP\n"
	"version: \"1.0\"\n"
	"counters:\n"
	"  - {key: members, aliases: [群成员数]}\n"
	"  - {key: speakers, aliases: [发过消息的群成员数]}\n"
	"  - {key: delivered, aliases: [推送触达数]}\n"
	"  - {key: opens, aliases: [打开数]}\n"
	"  - {key: checkins, aliases: [打卡人数]}\n"
	"metrics:\n"
	"  - {key: checkin_rate, name: 打卡率, formula: checkins / members, unit: percent, "
	"warn_below: 40, advice: 发起 21 天打卡挑战}\n"
	"  - {key: open_rate, name: 打开率, formula: opens / delivered, unit: percent, "
	"warn_below: 60, advice: 换个时间推送}\n"
	"  - {key: speaker_rate, name: 发言率, formula: speakers / members, unit: percent, "
	"warn_below: 30, advice: 晒训练照}\n"
	"stages:\n"
	"  - {key: start, name: 起步期, from_day: 0, to_day: 30, metrics: [checkin_rate]}\n"
	"  - {key: keep, name: 坚持期, from_day: 30, metrics: [checkin_rate, speaker_rate]}\n"
	"actions:\n"
	"  - {id: workout, title: 打卡提醒, at: \"07:00\", every: day}\n";

#endif
